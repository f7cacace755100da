package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.TransactionalLeases;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node lingering on an idle lease gives it up as soon as another node asks for it (the store pushes a
 * lease-wanted notice), so the other node's write does not wait out the linger; without a rival the
 * lease lingers as configured.
 */
class LingerTests {

    private static final Duration LINGER = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    @Test
    void aLingeringLeaseIsGivenUpWhenAnotherNodeAsksForIt() throws Exception {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
             LiteVfs a = node(store, "linger-a");
             LiteVfs b = node(store, "linger-b");
             TransactionalLeases leasesA = new TransactionalLeases(a, LINGER, Duration.ofSeconds(10));
             TransactionalLeases leasesB = new TransactionalLeases(b, LINGER, Duration.ofSeconds(10))) {
            write(a, leasesA, "create table t(x)");
            assertThat(a.holdsLease("linger.db")).as("A lingers on its lease").isTrue();
            Thread.sleep(200);
            assertThat(a.holdsLease("linger.db")).as("still, with nobody asking").isTrue();
            long started = System.nanoTime();
            write(b, leasesB, "insert into t values (1)");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).as("B's write, A lingering for %s", LINGER).isLessThan(Duration.ofSeconds(2));
            assertThat(a.holdsLease("linger.db")).isFalse();
        }
    }

    private LiteVfs node(LiteVfsServer store, String name) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve(name)).vfsName(name).register();
    }

    /** One write transaction the way the transaction managers make it: a hold for its length, then its end. */
    private static void write(LiteVfs node, TransactionalLeases leases, String sql) throws Exception {
        WriteLease hold = leases.begin("linger.db");
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("linger.db"));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            leases.end(hold);
        }
    }
}
