package io.litevfs.core.internal.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * SQLite's default VFS (the unix one), called for every file that is not a LiteVFS database.
 */
final class DefaultVfs {

    private final MemorySegment struct;
    private final MethodHandle open;
    private final MethodHandle delete;
    private final MethodHandle access;

    DefaultVfs(MemorySegment struct) {
        this.struct = struct;
        this.open = NativeFunctions.downcall(struct.get(ADDRESS, VfsLayout.X_OPEN),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        this.delete = NativeFunctions.downcall(struct.get(ADDRESS, VfsLayout.X_DELETE),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        this.access = NativeFunctions.downcall(struct.get(ADDRESS, VfsLayout.X_ACCESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    }

    MemorySegment struct() {
        return struct;
    }

    int fileSize() {
        return struct.get(JAVA_INT, VfsLayout.SZ_OS_FILE);
    }

    int open(MemorySegment name, MemorySegment file, int flags, MemorySegment outFlags) throws Throwable {
        return (int) open.invokeExact(struct, name, file, flags, outFlags);
    }

    int delete(MemorySegment name, int syncDir) throws Throwable {
        return (int) delete.invokeExact(struct, name, syncDir);
    }

    int access(MemorySegment name, int flags, MemorySegment result) throws Throwable {
        return (int) access.invokeExact(struct, name, flags, result);
    }
}
