package io.litevfs.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * A writer node as its own JVM, for {@link ClientCrashTest}: commits one row per transaction under the
 * lease, forever, each row numbered one past the highest in the database, and prints {@code ACK n}
 * once the commit of row {@code n} has returned.
 *
 * <p>Arguments: store URL, cache directory, VFS name.
 */
public final class WriterProcess {

    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (LiteVfs vfs = LiteVfs.builder().storeUrl(args[0]).cacheDirectory(Path.of(args[1])).vfsName(args[2]).register();
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("crash.db"));
             Statement statement = connection.createStatement()) {
            vfs.withWriteLease("crash.db", Duration.ofSeconds(30), () ->
                    statement.execute("create table if not exists w(n integer primary key, payload blob)"));
            System.out.println("READY");
            while (true) {
                long n = vfs.withWriteLease("crash.db", Duration.ofSeconds(30), () -> {
                    statement.execute("insert into w select coalesce(max(n) + 1, 0), randomblob(3000) from w");
                    try (ResultSet result = statement.executeQuery("select max(n) from w")) {
                        result.next();
                        return result.getLong(1);
                    }
                });
                System.out.println("ACK " + n);
            }
        }
    }
}
