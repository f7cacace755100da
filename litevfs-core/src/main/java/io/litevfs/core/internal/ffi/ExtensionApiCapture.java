package io.litevfs.core.internal.ffi;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Obtains the {@code sqlite3_api_routines} table of the SQLite inside sqlite-jdbc, whose symbols are
 * hidden, by having that SQLite load a fake extension:
 * <ol>
 *   <li>open a private in-memory connection with extension loading enabled, and find its
 *       {@code sqlite3*} (the {@code pointer} field of sqlite-jdbc's {@code NativeDB});</li>
 *   <li>point the connection's VFS ({@code sqlite3.pVfs}, the first member) at a copy of the default VFS
 *       whose {@code xDlOpen}/{@code xDlSym} are Java upcalls;</li>
 *   <li>{@code SELECT load_extension(...)}: SQLite "opens" the library and "finds" the entry point,
 *       which is an upcall that keeps the {@code pApi} argument and answers
 *       {@code SQLITE_OK_LOAD_PERMANENTLY} so that SQLite never tries to close it;</li>
 *   <li>restore the VFS pointer and close the connection.</li>
 * </ol>
 */
final class ExtensionApiCapture {

    private static final int SQLITE_OK_LOAD_PERMANENTLY = 256;
    private static final String FAKE_LIBRARY = "litevfs-bootstrap";
    private static final String FAKE_ENTRY = "litevfs_bootstrap_init";

    private MemorySegment entryStub = MemorySegment.NULL;
    private MemorySegment capturedApi = MemorySegment.NULL;

    /** The captured table, and the default VFS pointer the connection had (for verification). */
    record Captured(MemorySegment apiRoutines, MemorySegment defaultVfs, String sqlVersion) {
    }

    static Captured capture() throws SQLException {
        return new ExtensionApiCapture().run();
    }

    @SuppressWarnings("restricted")
    private Captured run() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        try (Connection connection = config.createConnection("jdbc:sqlite::memory:");
             Arena arena = Arena.ofConfined()) {
            MemorySegment database = Native.sized(MemorySegment.ofAddress(sqlite3Pointer(connection)), 8);
            MemorySegment defaultVfs = database.get(ValueLayout.ADDRESS, VfsLayout.SQLITE3_P_VFS);
            MemorySegment fakeVfs = arena.allocate(VfsLayout.VFS_SIZE, 8);
            MemorySegment.copy(Native.sized(defaultVfs, VfsLayout.VFS_SIZE), 0, fakeVfs, 0, VfsLayout.VFS_SIZE);
            Linker linker = Linker.nativeLinker();
            fakeVfs.set(ValueLayout.ADDRESS, VfsLayout.X_DL_OPEN, upcall(linker, arena, "dlOpen",
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS)));
            fakeVfs.set(ValueLayout.ADDRESS, VfsLayout.X_DL_ERROR, upcall(linker, arena, "dlError",
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)));
            fakeVfs.set(ValueLayout.ADDRESS, VfsLayout.X_DL_SYM, upcall(linker, arena, "dlSym",
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS)));
            fakeVfs.set(ValueLayout.ADDRESS, VfsLayout.X_DL_CLOSE, upcall(linker, arena, "dlClose",
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS)));
            entryStub = upcall(linker, arena, "entry", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

            database.set(ValueLayout.ADDRESS, VfsLayout.SQLITE3_P_VFS, fakeVfs);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT load_extension('" + FAKE_LIBRARY + "', '" + FAKE_ENTRY + "')");
            } finally {
                database.set(ValueLayout.ADDRESS, VfsLayout.SQLITE3_P_VFS, defaultVfs);
            }
            if (capturedApi.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("SQLite did not call the bootstrap entry point");
            }
            String sqlVersion;
            try (Statement statement = connection.createStatement();
                 var result = statement.executeQuery("SELECT sqlite_version()")) {
                result.next();
                sqlVersion = result.getString(1);
            }
            return new Captured(capturedApi, defaultVfs, sqlVersion);
        }
    }

    private MemorySegment upcall(Linker linker, Arena arena, String method, FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            var handle = MethodHandles.lookup().findVirtual(ExtensionApiCapture.class, method, type).bindTo(this);
            return linker.upcallStub(handle, descriptor, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the bootstrap upcall " + method, e);
        }
    }

    private MemorySegment dlOpen(MemorySegment vfs, MemorySegment fileName) {
        return entryStub;
    }

    private void dlError(MemorySegment vfs, int size, MemorySegment message) {
        if (size > 0) {
            Native.sized(message, size).set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
        }
    }

    private MemorySegment dlSym(MemorySegment vfs, MemorySegment handle, MemorySegment symbol) {
        return entryStub;
    }

    private void dlClose(MemorySegment vfs, MemorySegment handle) {
    }

    private int entry(MemorySegment database, MemorySegment errorMessage, MemorySegment api) {
        capturedApi = api;
        return SQLITE_OK_LOAD_PERMANENTLY;
    }

    private static long sqlite3Pointer(Connection connection) throws SQLException {
        DB db = connection.unwrap(SQLiteConnection.class).getDatabase();
        try {
            Field pointer = db.getClass().getDeclaredField("pointer");
            pointer.setAccessible(true);
            long value = pointer.getLong(db);
            if (value == 0) {
                throw new IllegalStateException("sqlite-jdbc's connection has no native handle");
            }
            return value;
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read the sqlite3* of sqlite-jdbc's " + db.getClass().getName()
                    + " (its private field 'pointer'): " + e, e);
        }
    }
}
