package io.litevfs.core.internal.ffi;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.sql.SQLException;

/**
 * Finds the SQLite API of sqlite-jdbc's library once per process and verifies it before anything is
 * registered: the library version read through the API must equal {@code sqlite_version()} from SQL,
 * and the default VFS must be the one connections use. When sqlite-jdbc changed in a way that breaks
 * this, the error names the versions instead of letting the JVM crash later.
 */
final class SqliteApiLocator {

    private static final Logger log = LoggerFactory.getLogger(SqliteApiLocator.class);
    private static volatile @Nullable SqliteApi api;

    private SqliteApiLocator() {
    }

    static SqliteApi api() {
        SqliteApi found = api;
        if (found == null) {
            synchronized (SqliteApiLocator.class) {
                found = api;
                if (found == null) {
                    found = locate();
                    api = found;
                }
            }
        }
        return found;
    }

    private static SqliteApi locate() {
        long started = System.nanoTime();
        ExtensionApiCapture.Captured captured;
        try {
            captured = ExtensionApiCapture.capture();
        } catch (SQLException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("LiteVFS cannot reach the SQLite inside sqlite-jdbc " + sqliteJdbcVersion()
                    + " (needs the JVM flag --enable-native-access=ALL-UNNAMED, and an sqlite-jdbc whose SQLite allows "
                    + "extension loading): " + e.getMessage(), e);
        }
        SqliteApi chosen = ExportedSymbols.fromConfiguredLibrary().orElseGet(() -> ApiRoutineTable.from(captured.apiRoutines()));
        String version = chosen.libversion();
        MemorySegment defaultVfs = chosen.vfsFind(null);
        if (!version.equals(captured.sqlVersion()) || !defaultVfs.equals(captured.defaultVfs())) {
            throw new IllegalStateException(("LiteVFS reached a SQLite (%s, via %s) that is not the one sqlite-jdbc %s uses "
                    + "(sqlite_version() = %s); this sqlite-jdbc version is not supported")
                    .formatted(version, chosen.description(), sqliteJdbcVersion(), captured.sqlVersion()));
        }
        log.info("[vfs] SQLite {} reached through {} in {} ms", version, chosen.description(),
                (System.nanoTime() - started) / 1_000_000);
        SqliteJdbcVersion jdbc = SqliteJdbcVersion.current();
        if (jdbc.isVerified()) {
            log.info("[vfs] {}", jdbc.describe());
        } else {
            log.warn("[vfs] {}", jdbc.describe());
        }
        return chosen;
    }

    private static String sqliteJdbcVersion() {
        String found = SqliteJdbcVersion.current().found();
        return found == null ? "(version unknown)" : found;
    }
}
