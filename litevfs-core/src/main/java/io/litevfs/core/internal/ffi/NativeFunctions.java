package io.litevfs.core.internal.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Downcall handles for the SQLite functions of {@link SqliteApi}, built from their addresses however
 * those were found.
 */
final class NativeFunctions implements SqliteApi {

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle libversion;
    private final MethodHandle vfsFind;
    private final MethodHandle vfsRegister;
    private final MethodHandle vfsUnregister;
    private final MethodHandle malloc;
    private final String description;

    /** Addresses of the functions. */
    record Addresses(MemorySegment libversion, MemorySegment vfsFind, MemorySegment vfsRegister,
                     MemorySegment vfsUnregister, MemorySegment malloc) {
    }

    NativeFunctions(Addresses addresses, String description) {
        this.libversion = downcall(addresses.libversion(), FunctionDescriptor.of(ValueLayout.ADDRESS));
        this.vfsFind = downcall(addresses.vfsFind(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        this.vfsRegister = downcall(addresses.vfsRegister(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.vfsUnregister = downcall(addresses.vfsUnregister(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        this.malloc = downcall(addresses.malloc(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.description = description;
    }

    @SuppressWarnings("restricted")
    static MethodHandle downcall(MemorySegment address, FunctionDescriptor descriptor) {
        if (address.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("SQLite function pointer is NULL");
        }
        return LINKER.downcallHandle(address, descriptor);
    }

    @Override
    public String libversion() {
        try {
            return Native.requiredString((MemorySegment) libversion.invokeExact(), "sqlite3_libversion()");
        } catch (Throwable e) {
            throw Native.failure("sqlite3_libversion", e);
        }
    }

    @Override
    public MemorySegment vfsFind(@org.jspecify.annotations.Nullable String name) {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment zName = name == null ? MemorySegment.NULL : arena.allocateFrom(name);
            return (MemorySegment) vfsFind.invokeExact(zName);
        } catch (Throwable e) {
            throw Native.failure("sqlite3_vfs_find", e);
        }
    }

    @Override
    public int vfsRegister(MemorySegment vfs, boolean makeDefault) {
        try {
            return (int) vfsRegister.invokeExact(vfs, makeDefault ? 1 : 0);
        } catch (Throwable e) {
            throw Native.failure("sqlite3_vfs_register", e);
        }
    }

    @Override
    public int vfsUnregister(MemorySegment vfs) {
        try {
            return (int) vfsUnregister.invokeExact(vfs);
        } catch (Throwable e) {
            throw Native.failure("sqlite3_vfs_unregister", e);
        }
    }

    @Override
    public MemorySegment mallocString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            MemorySegment memory = ((MemorySegment) malloc.invokeExact(bytes.length + 1));
            if (memory.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("sqlite3_malloc(" + (bytes.length + 1) + ") failed");
            }
            MemorySegment target = Native.sized(memory, bytes.length + 1);
            MemorySegment.copy(bytes, 0, target, ValueLayout.JAVA_BYTE, 0, bytes.length);
            target.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            return memory;
        } catch (Throwable e) {
            throw Native.failure("sqlite3_malloc", e);
        }
    }

    @Override
    public String description() {
        return description;
    }
}
