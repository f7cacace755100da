package io.litevfs.core.internal.ffi;

/**
 * Byte offsets of {@code struct sqlite3_vfs} and {@code struct sqlite3_io_methods} on LP64 platforms
 * ({@code sqlite3.h}): three ints and padding, then pointer-sized members.
 */
final class VfsLayout {

    static final long VFS_SIZE = 168;
    static final long I_VERSION = 0;
    static final long SZ_OS_FILE = 4;
    static final long P_NEXT = 16;
    static final long Z_NAME = 24;
    static final long P_APP_DATA = 32;
    static final long X_OPEN = 40;
    static final long X_DELETE = 48;
    static final long X_ACCESS = 56;
    static final long X_FULL_PATHNAME = 64;
    static final long X_DL_OPEN = 72;
    static final long X_DL_ERROR = 80;
    static final long X_DL_SYM = 88;
    static final long X_DL_CLOSE = 96;
    /** From here on (xSetSystemCall and after) members belong to version 3, which this VFS does not claim. */
    static final long VERSION_3_MEMBERS = 144;

    /** {@code struct sqlite3_io_methods}, version 1: iVersion and 12 methods. */
    static final int IO_METHODS_COUNT = 12;
    static final long IO_METHODS_SIZE = 8 + IO_METHODS_COUNT * 8L;

    /** Our {@code sqlite3_file}: the methods pointer, then the id of the Java file object. */
    static final long FILE_METHODS = 0;
    static final long FILE_ID = 8;
    static final int FILE_SIZE = 16;

    /** {@code struct sqlite3}: its first member is the VFS pointer. */
    static final long SQLITE3_P_VFS = 0;

    private VfsLayout() {
    }
}
