package io.litevfs.core.internal.ffi;

import java.lang.foreign.MemorySegment;

/**
 * The few SQLite C functions the VFS needs, from the library instance sqlite-jdbc loaded. Two ways in
 * share this interface: the extension routine table ({@link ApiRoutineTable}) and exported symbols
 * ({@link ExportedSymbols}), for builds that do export them.
 */
interface SqliteApi {

    /** {@code sqlite3_libversion()}. */
    String libversion();

    /** {@code sqlite3_vfs_find(name)}; {@code null} for the default VFS. The result is NULL when not found. */
    MemorySegment vfsFind(@org.jspecify.annotations.Nullable String name);

    int vfsRegister(MemorySegment vfs, boolean makeDefault);

    int vfsUnregister(MemorySegment vfs);

    /** A copy of {@code text} in memory from {@code sqlite3_malloc}, which SQLite may free. */
    MemorySegment mallocString(String text);

    /** How the API was reached, for messages. */
    String description();
}
