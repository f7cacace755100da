package io.litevfs.core;

import io.litevfs.core.cloud.Resilience;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changes in the store reach every node within two sync periods, never in the middle of a read
 * transaction; and a node keeps serving what it has cached while the store is down.
 */
class SyncAndAvailabilityTest {

    private static final Duration PERIOD = Duration.ofMillis(500);

    @TempDir
    Path directory;

    @Test
    void aChangeReachesAnotherNodeWithinTwoPeriodsButNeverInsideAReadTransaction() throws Exception {
        Path local = directory.resolve("shared.db");
        SqliteFiles.sql(local, "create table kv(k integer primary key, v text)", "insert into kv values (1, 'first')");
        try (StoreFixture store = new StoreFixture(directory)) {
            store.upload("shared.db", local);
            try (LiteVfs nodeA = node(store, "node-a"); LiteVfs nodeB = node(store, "node-b");
                 Connection a = DriverManager.getConnection(nodeA.jdbcUrl("shared.db"));
                 Connection b = DriverManager.getConnection(nodeB.jdbcUrl("shared.db"));
                 Statement inTransaction = b.createStatement()) {
                assertThat(rows(a, "select v from kv where k = 1")).containsExactly("first");
                inTransaction.execute("begin");
                assertThat(rows(b, "select v from kv where k = 1")).containsExactly("first");

                SqliteFiles.sql(local, "update kv set v = 'second' where k = 1");
                store.upload("shared.db", local);
                long changed = System.nanoTime();
                awaitValue(a, "second", PERIOD.multipliedBy(2));
                System.out.printf("[sync] node A saw the change after %d ms (period %d ms)%n",
                        (System.nanoTime() - changed) / 1_000_000, PERIOD.toMillis());

                Thread.sleep(PERIOD.multipliedBy(3));
                assertThat(rows(b, "select v from kv where k = 1")).as("inside the read transaction").containsExactly("first");
                inTransaction.execute("commit");
                assertThat(rows(b, "select v from kv where k = 1")).as("after it").containsExactly("second");
            }
        }
    }

    @Test
    void cachedPagesAreServedWhileTheStoreIsDownAndEverythingResumesAfter() throws Exception {
        Path local = directory.resolve("outage.db");
        SqliteFiles.sql(local, "create table a(id integer primary key, v text)", "create table b(id integer primary key, v text)",
                "insert into a values (1, 'cached')",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into b select i, hex(randomblob(500)) from n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path storeData = directory.resolve("store");
        LiteVfsServer store = LiteVfsServer.builder().dataDirectory(storeData).openAccess().port(port).start();
        StoreFixture.uploadTo(store.url(), directory, "outage.db", local);
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache"))
                .vfsName("outage").syncPeriod(PERIOD).requestTimeout(Duration.ofSeconds(1)).register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl("outage.db"))) {
            connection.createStatement().execute("pragma litevfs_max_prefetch_pages = 0");
            connection.createStatement().execute("pragma litevfs_max_reqs_per_query = 1024");
            assertThat(rows(connection, "select v from a where id = 1")).containsExactly("cached");

            store.close();
            assertThat(rows(connection, "select v from a where id = 1")).containsExactly("cached");
            assertThatThrownBy(() -> rows(connection, "select count(*) from b")).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("is not cached and cannot be fetched").contains(store.url());

            store = LiteVfsServer.builder().dataDirectory(storeData).openAccess().port(port).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> count = null;
            while (count == null && System.nanoTime() < deadline) {
                try {
                    count = rows(connection, "select count(*) from b");
                } catch (SQLException stillRecovering) {
                    Thread.sleep(250);
                }
            }
            assertThat(count).containsExactly("2000");
        } finally {
            store.close();
        }
    }

    @Test
    void aStoreReplacedByAnOlderOneIsFollowedNotIgnored() throws Exception {
        Path local = directory.resolve("replaced.db");
        SqliteFiles.sql(local, "create table kv(k integer primary key, v text)", "insert into kv values (1, 'original')");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store-a")).openAccess().port(port).start();
        try {
            StoreFixture.uploadTo(store.url(), directory, "replaced.db", local);
            SqliteFiles.sql(local, "update kv set v = 'newer'");
            StoreFixture.uploadTo(store.url(), directory, "replaced.db", local);
            SqliteFiles.sql(local, "update kv set v = 'newest'");
            StoreFixture.uploadTo(store.url(), directory, "replaced.db", local);
            // The store is away while it is replaced: a breaker that opens meanwhile waits half a second, not the
            // default five, so that following the new store is not a matter of the breaker's timing.
            Resilience quickToRetry = new Resilience(Defaults.RETRIES, Defaults.RETRY_BACKOFF, Defaults.FAILURE_RATE_THRESHOLD,
                    Defaults.MINIMUM_NUMBER_OF_CALLS, Duration.ofMillis(500));
            try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache-replaced"))
                    .vfsName("replaced").syncPeriod(PERIOD).resilience(quickToRetry).register();
                 Connection connection = DriverManager.getConnection(node.jdbcUrl("replaced.db"))) {
                assertThat(rows(connection, "select v from kv")).containsExactly("newest");

                store.close();
                Path restored = directory.resolve("restored.db");
                SqliteFiles.sql(restored, "create table kv(k integer primary key, v text)", "insert into kv values (1, 'restored')");
                store = LiteVfsServer.builder().dataDirectory(directory.resolve("store-b")).openAccess().port(port).start();
                StoreFixture.uploadTo(store.url(), directory, "replaced.db", restored);

                // Longer than a request's timeout (10 s): a sync in flight when the old store went away may wait it out.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                List<String> value = valueOrNothing(connection);
                while (!value.equals(List.of("restored")) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    value = valueOrNothing(connection);
                }
                assertThat(value).as("the node follows the store it now has, even at a lower TXID (node: %s)",
                        node.database("replaced.db").orElse(null)).containsExactly("restored");
            }
        } finally {
            store.close();
        }
    }

    /**
     * The rows of {@code kv}, or none while the node has the new store's database before its upload
     * (between the new store's start and its first upload the database is empty, without the table).
     */
    private static List<String> valueOrNothing(Connection connection) {
        try {
            return rows(connection, "select v from kv");
        } catch (SQLException catchingUp) {
            return List.of();
        }
    }

    private static LiteVfs node(StoreFixture store, String name) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(store.cacheDirectory(name)).vfsName(name)
                .syncPeriod(PERIOD).register();
    }

    private static void awaitValue(Connection connection, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (rows(connection, "select v from kv where k = 1").equals(List.of(expected))) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(rows(connection, "select v from kv where k = 1")).as("within %d ms", within.toMillis())
                .containsExactly(expected);
    }
}
