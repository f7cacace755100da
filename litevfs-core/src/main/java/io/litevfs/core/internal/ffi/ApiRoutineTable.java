package io.litevfs.core.internal.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads function addresses out of SQLite's {@code sqlite3_api_routines} table: one pointer per public
 * function, in the order of {@code sqlite3ext.h}, append-only across versions.
 */
final class ApiRoutineTable {

    static final int LIBVERSION = 66;
    static final int MALLOC = 68;
    static final int VFS_FIND = 141;
    static final int VFS_REGISTER = 142;
    static final int VFS_UNREGISTER = 143;
    private static final int HIGHEST_USED = VFS_UNREGISTER;

    private ApiRoutineTable() {
    }

    static SqliteApi from(MemorySegment table) {
        MemorySegment routines = Native.sized(table, (HIGHEST_USED + 1L) * ValueLayout.ADDRESS.byteSize());
        return new NativeFunctions(new NativeFunctions.Addresses(
                entry(routines, LIBVERSION), entry(routines, VFS_FIND), entry(routines, VFS_REGISTER),
                entry(routines, VFS_UNREGISTER), entry(routines, MALLOC)),
                "the sqlite3_api_routines table of sqlite-jdbc's SQLite");
    }

    private static MemorySegment entry(MemorySegment routines, int index) {
        return routines.getAtIndex(ValueLayout.ADDRESS, index);
    }
}
