package io.litevfs.core.internal.ffi;

import io.litevfs.core.vfs.PragmaAnswer;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.core.vfs.VfsFile;
import io.litevfs.core.vfs.VfsFileSystem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A VFS registered in sqlite-jdbc's SQLite under a name, serving main database files from a
 * {@link VfsFileSystem}. Every other file (journals, temporary files) is opened by the default VFS into
 * the same {@code sqlite3_file}, so SQLite reaches it without any Java upcall.
 *
 * <p>Every upcall is a trampoline that catches everything and returns an SQLite code: an exception
 * escaping an upcall would end the JVM. The failure's message is logged and kept as the thread's
 * {@linkplain #lastError() last error}, because SQLite reports I/O errors with a fixed text.
 *
 * <p>The structs and upcall stubs live in an arena this object owns; {@link #close()} unregisters the
 * VFS and frees them, and refuses while files are open.
 *
 * <p>About 400 lines, kept whole: one upcall per {@code sqlite3_vfs} and {@code sqlite3_io_methods}
 * entry, each a short trampoline, and the table binding them; split, the table would only be farther
 * from what it binds.
 */
public final class NativeVfs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NativeVfs.class);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    private static final ThreadLocal<Integer> LAST_ERROR_CODE = new ThreadLocal<>();
    private static final AtomicLong NEXT_FILE_ID = new AtomicLong(1);

    private final String name;
    private final VfsFileSystem fileSystem;
    private final SqliteApi api;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment vfs;
    private final MemorySegment ioMethods;
    private final DefaultVfs defaultVfs;
    private final Map<Long, VfsFile> files = new ConcurrentHashMap<>();
    private boolean closed;

    private NativeVfs(String name, VfsFileSystem fileSystem, SqliteApi api) {
        this.name = name;
        this.fileSystem = fileSystem;
        this.api = api;
        MemorySegment defaultPointer = api.vfsFind(null);
        if (defaultPointer.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("SQLite has no default VFS");
        }
        this.defaultVfs = new DefaultVfs(Native.sized(defaultPointer, VfsLayout.VFS_SIZE));
        this.ioMethods = buildIoMethods();
        this.vfs = buildVfs();
    }

    /**
     * Registers {@code fileSystem} as VFS {@code name} in the SQLite of sqlite-jdbc.
     *
     * @throws IllegalStateException when SQLite cannot be reached or a VFS of that name exists
     */
    public static NativeVfs register(String name, VfsFileSystem fileSystem) {
        SqliteApi api = SqliteApiLocator.api();
        if (isRegistered(name)) {
            throw new IllegalStateException("a VFS named '" + name + "' is already registered in this JVM; "
                    + "give each LiteVFS instance its own name");
        }
        NativeVfs registered = new NativeVfs(name, fileSystem, api);
        int rc = api.vfsRegister(registered.vfs, false);
        if (rc != SqliteCodes.OK) {
            registered.arena.close();
            throw new IllegalStateException("sqlite3_vfs_register('" + name + "') failed with code " + rc);
        }
        log.info("[vfs] registered VFS '{}'", name);
        return registered;
    }

    /**
     * Finds sqlite-jdbc's SQLite and its API table, once per process: the slow part of registering (loading
     * the native library), which a caller may do while it prepares other things.
     */
    public static void reachSqlite() {
        SqliteApiLocator.api();
    }

    /** Whether SQLite knows a VFS named {@code name} (registered by anyone in this process). */
    public static boolean isRegistered(String name) {
        return !SqliteApiLocator.api().vfsFind(name).equals(MemorySegment.NULL);
    }

    /** The message of the last VFS failure on the calling thread, if any. */
    public static @Nullable String lastError() {
        return LAST_ERROR.get();
    }

    public static void clearLastError() {
        LAST_ERROR.remove();
        LAST_ERROR_CODE.remove();
    }

    /** The SQLite result code of the last VFS failure on the calling thread, 0 if none. */
    public static int lastErrorCode() {
        Integer code = LAST_ERROR_CODE.get();
        return code == null ? 0 : code;
    }

    public String name() {
        return name;
    }

    /** How many database files are open through this VFS. */
    public int openFiles() {
        return files.size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!files.isEmpty()) {
            throw new IllegalStateException("VFS '" + name + "' still has " + files.size()
                    + " open database file(s); close every connection that uses it first");
        }
        api.vfsUnregister(vfs);
        arena.close();
        closed = true;
        log.info("[vfs] unregistered VFS '{}'", name);
    }

    private MemorySegment buildVfs() {
        MemorySegment segment = arena.allocate(VfsLayout.VFS_SIZE, 8);
        MemorySegment.copy(defaultVfs.struct(), 0, segment, 0, VfsLayout.VFS_SIZE);
        segment.set(JAVA_INT, VfsLayout.I_VERSION, 2);
        segment.set(JAVA_INT, VfsLayout.SZ_OS_FILE, Math.max(defaultVfs.fileSize(), VfsLayout.FILE_SIZE));
        segment.set(ADDRESS, VfsLayout.P_NEXT, MemorySegment.NULL);
        segment.set(ADDRESS, VfsLayout.Z_NAME, arena.allocateFrom(name));
        segment.set(ADDRESS, VfsLayout.P_APP_DATA, MemorySegment.NULL);
        segment.set(ADDRESS, VfsLayout.X_OPEN, upcall("xOpen", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS)));
        segment.set(ADDRESS, VfsLayout.X_DELETE, upcall("xDelete", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)));
        segment.set(ADDRESS, VfsLayout.X_ACCESS, upcall("xAccess", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS)));
        segment.set(ADDRESS, VfsLayout.X_FULL_PATHNAME, upcall("xFullPathname", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS)));
        segment.asSlice(VfsLayout.VERSION_3_MEMBERS, VfsLayout.VFS_SIZE - VfsLayout.VERSION_3_MEMBERS).fill((byte) 0);
        return segment;
    }

    private MemorySegment buildIoMethods() {
        MemorySegment methods = arena.allocate(VfsLayout.IO_METHODS_SIZE, 8);
        methods.set(JAVA_INT, 0, 1);
        String[] names = {"xClose", "xRead", "xWrite", "xTruncate", "xSync", "xFileSize", "xLock", "xUnlock",
                "xCheckReservedLock", "xFileControl", "xSectorSize", "xDeviceCharacteristics"};
        FunctionDescriptor[] descriptors = {
                FunctionDescriptor.of(JAVA_INT, ADDRESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS),
                FunctionDescriptor.of(JAVA_INT, ADDRESS)};
        for (int i = 0; i < names.length; i++) {
            methods.set(ADDRESS, 8L + i * 8L, upcall(names[i], descriptors[i]));
        }
        return methods;
    }

    @SuppressWarnings("restricted")
    private MemorySegment upcall(String method, FunctionDescriptor descriptor) {
        try {
            MethodHandle handle = MethodHandles.lookup().findVirtual(NativeVfs.class, method, descriptor.toMethodType()).bindTo(this);
            return LINKER.upcallStub(handle, descriptor, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build upcall " + method, e);
        }
    }

    // ---- sqlite3_vfs methods -------------------------------------------------------------------

    private int xOpen(MemorySegment vfsPointer, MemorySegment zName, MemorySegment file, int flags, MemorySegment outFlags) {
        try {
            MemorySegment sqliteFile = Native.sized(file, VfsLayout.FILE_SIZE);
            sqliteFile.set(ADDRESS, VfsLayout.FILE_METHODS, MemorySegment.NULL);
            String path = Native.string(zName);
            if ((flags & SqliteCodes.OPEN_MAIN_DB) == 0 || path == null || !fileSystem.isDatabasePath(path)) {
                return defaultVfs.open(zName, file, flags, outFlags);
            }
            boolean readOnly = (flags & SqliteCodes.OPEN_READONLY) != 0;
            VfsFile opened = fileSystem.open(path, readOnly, (flags & SqliteCodes.OPEN_CREATE) != 0);
            long id = NEXT_FILE_ID.getAndIncrement();
            files.put(id, opened);
            sqliteFile.set(JAVA_LONG, VfsLayout.FILE_ID, id);
            sqliteFile.set(ADDRESS, VfsLayout.FILE_METHODS, ioMethods);
            if (!outFlags.equals(MemorySegment.NULL)) {
                Native.sized(outFlags, 4).set(JAVA_INT, 0, flags);
            }
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("open", e, SqliteCodes.CANTOPEN);
        }
    }

    private int xDelete(MemorySegment vfsPointer, MemorySegment zName, int syncDir) {
        try {
            return defaultVfs.delete(zName, syncDir);
        } catch (Throwable e) {
            return failed("delete", e, SqliteCodes.IOERR_DELETE);
        }
    }

    private int xAccess(MemorySegment vfsPointer, MemorySegment zName, int flags, MemorySegment result) {
        try {
            String path = Native.string(zName);
            if (path != null && fileSystem.isDatabasePath(path)) {
                Native.sized(result, 4).set(JAVA_INT, 0, fileSystem.exists(path) ? 1 : 0);
                return SqliteCodes.OK;
            }
            return defaultVfs.access(zName, flags, result);
        } catch (Throwable e) {
            return failed("access", e, SqliteCodes.IOERR_ACCESS);
        }
    }

    private int xFullPathname(MemorySegment vfsPointer, MemorySegment zName, int size, MemorySegment out) {
        try {
            byte[] path = fileSystem.fullPathname(Native.requiredString(zName, "xFullPathname's zName")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (path.length + 1 > size) {
                throw new VfsException(SqliteCodes.CANTOPEN, "the database path is longer than SQLite allows (" + size + ")");
            }
            MemorySegment target = Native.sized(out, size);
            MemorySegment.copy(path, 0, target, ValueLayout.JAVA_BYTE, 0, path.length);
            target.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("full pathname", e, SqliteCodes.CANTOPEN);
        }
    }

    // ---- sqlite3_io_methods --------------------------------------------------------------------

    private int xClose(MemorySegment file) {
        try {
            VfsFile closing = files.remove(fileId(file));
            if (closing != null) {
                closing.close();
            }
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("close", e, SqliteCodes.IOERR_CLOSE);
        }
    }

    private int xRead(MemorySegment file, MemorySegment buffer, int amount, long offset) {
        try {
            ByteBuffer target = Native.sized(buffer, amount).asByteBuffer();
            int read = file(file).read(target, offset);
            if (read < amount) {
                Native.sized(buffer, amount).asSlice(read).fill((byte) 0);
                return SqliteCodes.IOERR_SHORT_READ;
            }
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("read", e, SqliteCodes.IOERR_READ);
        }
    }

    private int xWrite(MemorySegment file, MemorySegment buffer, int amount, long offset) {
        try {
            file(file).write(Native.sized(buffer, amount).asByteBuffer().asReadOnlyBuffer(), offset);
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("write", e, SqliteCodes.IOERR_WRITE);
        }
    }

    private int xTruncate(MemorySegment file, long size) {
        try {
            file(file).truncate(size);
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("truncate", e, SqliteCodes.IOERR_TRUNCATE);
        }
    }

    private int xSync(MemorySegment file, int flags) {
        try {
            file(file).sync();
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("sync", e, SqliteCodes.IOERR_FSYNC);
        }
    }

    private int xFileSize(MemorySegment file, MemorySegment size) {
        try {
            Native.sized(size, 8).set(JAVA_LONG, 0, file(file).size());
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("file size", e, SqliteCodes.IOERR_FSTAT);
        }
    }

    private int xLock(MemorySegment file, int level) {
        try {
            return file(file).lock(level);
        } catch (Throwable e) {
            return failed("lock", e, SqliteCodes.IOERR_LOCK);
        }
    }

    private int xUnlock(MemorySegment file, int level) {
        try {
            file(file).unlock(level);
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("unlock", e, SqliteCodes.IOERR_UNLOCK);
        }
    }

    private int xCheckReservedLock(MemorySegment file, MemorySegment result) {
        try {
            Native.sized(result, 4).set(JAVA_INT, 0, file(file).reservedLockHeld() ? 1 : 0);
            return SqliteCodes.OK;
        } catch (Throwable e) {
            return failed("check reserved lock", e, SqliteCodes.IOERR_LOCK);
        }
    }

    /**
     * Only {@code SQLITE_FCNTL_PRAGMA}: {@code pArg} is {@code char*[3]}, the result slot, the pragma name
     * and its argument. A result or error message must come from {@code sqlite3_malloc}.
     */
    private int xFileControl(MemorySegment file, int op, MemorySegment argument) {
        if (op != SqliteCodes.FCNTL_PRAGMA) {
            return SqliteCodes.NOTFOUND;
        }
        MemorySegment slots = Native.sized(argument, 3 * ADDRESS.byteSize());
        try {
            String pragma = Native.string(slots.getAtIndex(ADDRESS, 1));
            String value = Native.string(slots.getAtIndex(ADDRESS, 2));
            PragmaAnswer answer = pragma == null ? null : file(file).pragma(pragma, value);
            if (answer == null) {
                return SqliteCodes.NOTFOUND;
            }
            if (answer.value() != null) {
                slots.setAtIndex(ADDRESS, 0, api.mallocString(answer.value()));
            }
            return SqliteCodes.OK;
        } catch (Throwable e) {
            int code = failed("pragma", e, SqliteCodes.ERROR);
            slots.setAtIndex(ADDRESS, 0, api.mallocString(message(e)));
            return code;
        }
    }

    private int xSectorSize(MemorySegment file) {
        return 4096;
    }

    /**
     * A LiteVFS database file's writes become durable only as a whole, when the commit is shipped, and a
     * crashed writer's pages and journal are discarded at the next open: the local rollback journal
     * serves rollbacks within the process and is never replayed after a crash. So SQLite need not order
     * its writes with fsyncs: SEQUENTIAL skips the journal syncs before each commit (SQLite's pager reads
     * these flags from the database file, not the journal), SAFE_APPEND a journal header rewrite.
     */
    private int xDeviceCharacteristics(MemorySegment file) {
        return SqliteCodes.IOCAP_SEQUENTIAL | SqliteCodes.IOCAP_SAFE_APPEND | SqliteCodes.IOCAP_POWERSAFE_OVERWRITE;
    }

    private long fileId(MemorySegment file) {
        return Native.sized(file, VfsLayout.FILE_SIZE).get(JAVA_LONG, VfsLayout.FILE_ID);
    }

    private VfsFile file(MemorySegment file) {
        VfsFile found = files.get(fileId(file));
        if (found == null) {
            throw new VfsException(SqliteCodes.IOERR, "unknown file handle");
        }
        return found;
    }

    private int failed(String operation, Throwable failure, int fallbackCode) {
        String message = message(failure);
        boolean repeated = message.equals(LAST_ERROR.get());
        LAST_ERROR.set(message);
        int code = failure instanceof VfsException vfsFailure ? vfsFailure.code() : fallbackCode;
        LAST_ERROR_CODE.set(code);
        if (failure instanceof VfsException) {
            if (repeated) {
                log.debug("[vfs] {} {} failed again: {}", name, operation, message);
            } else {
                log.warn("[vfs] {} {} failed: {}", name, operation, message);
            }
        } else {
            log.error("[vfs] {} {} failed unexpectedly", name, operation, failure);
        }
        return code;
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
