package io.litevfs.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes and reads through a proxy that cuts or slows a third of the connections. Every row carries a
 * value derived from its id and a meta row counts and sums them in the same transaction, so a read that
 * mixed positions or returned damaged pages breaks an invariant. Every acknowledged commit must be in
 * the store, every commit reported as failed must not, and every read that succeeds must be consistent.
 */
class NetworkChaosTest {

    private static final int ATTEMPTS = 150;

    @TempDir
    Path directory;

    @Test
    void faultsNeverLoseAcknowledgedWritesOrGiveWrongAnswers() throws Exception {
        try (StoreFixture store = new StoreFixture(directory);
             FaultProxy proxy = new FaultProxy(store.server.port(), Long.MAX_VALUE);
             LiteVfs node = LiteVfs.builder().storeUrl(proxy.url()).cacheDirectory(directory.resolve("node"))
                     .vfsName("chaos").syncPeriod(Duration.ofMillis(100)).requestTimeout(Duration.ofMillis(800))
                     .retries(1).maxRequestsPerQuery(1024).register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl("chaos.db"));
             Statement statement = connection.createStatement()) {
            createSchema(node, "chaos.db", statement);
            proxy.chaos(0.05);
            Set<Integer> acknowledged = new HashSet<>();
            Set<Integer> failed = new HashSet<>();
            int unknown = 0;
            int noLease = 0;
            int readsChecked = 0;
            int readsFailed = 0;
            for (int id = 1; id <= ATTEMPTS; id++) {
                try {
                    node.acquireLease("chaos.db", Duration.ofSeconds(5));
                } catch (Exception leaseNotTaken) {
                    noLease++;
                    continue;
                }
                try {
                    statement.execute("begin");
                    statement.execute("insert into t values (" + id + ", hex(" + id + " * 7919))");
                    statement.execute("update meta set n = n + 1, s = s + " + id);
                    statement.execute("commit");
                    acknowledged.add(id);
                } catch (SQLException e) {
                    if (String.valueOf(LiteVfs.lastError()).contains("EOUTCOMEUNKNOWN")) {
                        unknown++;
                    } else {
                        failed.add(id);
                    }
                    if (inTransaction(connection)) {
                        statement.execute("rollback");
                    }
                } finally {
                    try {
                        node.releaseLease("chaos.db");
                    } catch (RuntimeException releaseFailed) {
                        // The lease ends by itself; the next attempt waits for it if need be.
                    }
                }
                try {
                    checkInvariants(connection);
                    readsChecked++;
                } catch (SQLException unavailable) {
                    readsFailed++;
                }
            }
            proxy.chaos(0);
            Set<Integer> stored = storeIds(store);
            System.out.printf("[chaos] %d faults injected; %d attempts: %d leases not taken, %d commits acknowledged, %d failed, "
                    + "%d outcome unknown; %d consistent reads, %d reads failed cleanly%n", proxy.injected(), ATTEMPTS, noLease,
                    acknowledged.size(), failed.size(), unknown, readsChecked, readsFailed);
            assertThat(stored).as("every acknowledged commit is in the store").containsAll(acknowledged);
            assertThat(stored).as("no commit reported as failed is in the store").noneMatch(failed::contains);
            assertThat(acknowledged).as("some commits went through the faults").isNotEmpty();
            assertThat(proxy.injected()).as("the faults were there").isGreaterThan(20);

            try (LiteVfs reader = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("reader"))
                    .vfsName("chaos-reader").register();
                 Connection check = DriverManager.getConnection(reader.jdbcUrl("chaos.db"))) {
                checkInvariants(check);
                assertThat(rows(check, "select id from t order by id").stream().map(Integer::parseInt).toList())
                        .containsExactlyInAnyOrderElementsOf(stored);
            }
        }
    }

    @Test
    void concurrentReadersOnAnotherNodeNeverSeeAMixedOrDamagedState() throws Exception {
        try (StoreFixture store = new StoreFixture(directory);
             FaultProxy proxy = new FaultProxy(store.server.port(), Long.MAX_VALUE);
             LiteVfs writer = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("writer"))
                     .vfsName("chaos-writer").register();
             LiteVfs readers = LiteVfs.builder().storeUrl(proxy.url()).cacheDirectory(directory.resolve("readers"))
                     .vfsName("chaos-readers").syncPeriod(Duration.ofMillis(50)).requestTimeout(Duration.ofMillis(800))
                     .retries(1).maxRequestsPerQuery(1024).maxPrefetchPages(4).register();
             Connection connection = DriverManager.getConnection(writer.jdbcUrl("readers.db"));
             Statement statement = connection.createStatement()) {
            createSchema(writer, "readers.db", statement);
            proxy.chaos(0.05);
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger consistent = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failedCleanly = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    // Opening a connection reads page 1 through the faulty network too: an error there is
                    // a clean failure like any other, and the reader opens again.
                    while (writing.get()) {
                        try (Connection reader = DriverManager.getConnection(readers.jdbcUrl("readers.db"))) {
                            while (writing.get()) {
                                try {
                                    checkInvariants(reader);
                                    consistent.incrementAndGet();
                                } catch (SQLException unavailable) {
                                    failedCleanly.incrementAndGet();
                                } catch (AssertionError violated) {
                                    wrong.add(violated);
                                }
                            }
                        } catch (SQLException unavailable) {
                            failedCleanly.incrementAndGet();
                        }
                    }
                }));
            }
            // At least 200 commits, and on until the readers' traffic met enough faults to mean something:
            // on a fast run the 200 can be over before.
            for (int id = 1; id <= 200 || (proxy.injected() <= 20 && id <= 2_000); id++) {
                int row = id;
                writer.withWriteLease("readers.db", Duration.ofSeconds(5), () -> {
                    statement.execute("begin");
                    statement.execute("insert into t values (" + row + ", hex(" + row + " * 7919 || '" + "x".repeat(300) + "'))");
                    statement.execute("update meta set n = n + 1, s = s + " + row);
                    return statement.execute("commit");
                });
            }
            writing.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.printf("[chaos readers] %d faults injected; 3 readers: %d consistent reads, %d failed cleanly, %d wrong%n",
                    proxy.injected(), consistent.get(), failedCleanly.get(), wrong.size());
            assertThat(wrong).as("reads that saw a mixed or damaged state").isEmpty();
            assertThat(consistent.get()).isGreaterThan(100);
            assertThat(proxy.injected()).isGreaterThan(20);
        }
    }

    /** The rows table and the meta row that counts and sums them. */
    private static void createSchema(LiteVfs node, String database, Statement statement) throws Exception {
        node.withWriteLease(database, Duration.ofSeconds(10), () -> {
            statement.execute("create table t(id integer primary key, v text not null)");
            statement.execute("create table meta(n integer, s integer)");
            return statement.execute("insert into meta values (0, 0)");
        });
    }

    private static boolean inTransaction(Connection connection) {
        try (Statement probe = connection.createStatement()) {
            probe.execute("begin");
            probe.execute("rollback");
            return false;
        } catch (SQLException alreadyInOne) {
            return true;
        }
    }

    private static void checkInvariants(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("begin");
            try {
                List<String> rows = rows(connection, "select count(*), coalesce(sum(id), 0), "
                        + "coalesce(sum(v = hex(id * 7919) or v = hex(id * 7919 || '" + "x".repeat(300) + "')), 0) from t");
                List<String> meta = rows(connection, "select n, s from meta");
                String[] figures = rows.getFirst().split("\\|");
                assertThat(figures[0] + "|" + figures[1]).as("rows agree with the meta row of the same position")
                        .isEqualTo(meta.getFirst());
                assertThat(figures[2]).as("every value belongs to its id").isEqualTo(figures[0]);
                assertThat(rows(connection, "select count(*) from t where v not like hex(id * 7919) || '%' "
                        + "and v != hex(id * 7919)")).as("no value damaged").containsExactly("0");
            } finally {
                statement.execute("rollback");
            }
        }
    }

    private Set<Integer> storeIds(StoreFixture store) throws Exception {
        byte[] snapshot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(store.url()
                + "/db/snapshot?db=chaos.db&format=sqlite")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Path copy = directory.resolve("chaos-snapshot.db");
        Files.write(copy, snapshot);
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            Set<Integer> ids = new HashSet<>();
            rows(plain, "select id from t").forEach(id -> ids.add(Integer.parseInt(id)));
            return ids;
        }
    }
}
