package io.litevfs.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * A node as its own JVM, for {@link HttpsStoreTest}, so that the JDK's trust settings it starts with are its
 * own: writes three rows to a store over https under the lease, reads them back and prints {@code ROWS n};
 * on failure prints {@code FAILED} and what LiteVFS said, and exits with 1.
 *
 * <p>Arguments: store URL, cache directory.
 */
public final class HttpsClientProcess {

    private HttpsClientProcess() {
    }

    public static void main(String[] args) {
        try (LiteVfs vfs = LiteVfs.builder().storeUrl(args[0]).cacheDirectory(Path.of(args[1])).vfsName("https-node")
                .retries(0).register();
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("tls.db"));
             Statement statement = connection.createStatement()) {
            vfs.withWriteLease("tls.db", Duration.ofSeconds(30), () -> {
                statement.execute("create table t(v text)");
                return statement.executeUpdate("insert into t values ('a'), ('b'), ('c')");
            });
            try (ResultSet rows = statement.executeQuery("select count(*) from t")) {
                rows.next();
                System.out.println("ROWS " + rows.getInt(1));
            }
        } catch (Exception e) {
            System.out.println("FAILED " + e + " / " + LiteVfs.lastError());
            System.exit(1);
        }
    }
}
