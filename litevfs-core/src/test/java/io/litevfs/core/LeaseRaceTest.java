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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes write to one database for 1,000 transactions, each taking the lease, inserting and
 * releasing: the lease is never held by both, and every row ends up exactly once on both nodes and in
 * the store.
 */
class LeaseRaceTest {

    private static final int WRITES_PER_NODE = 500;

    @TempDir
    Path directory;

    @Test
    void twoNodesWritingInTurnsLoseNothing() throws Exception {
        try (StoreFixture store = new StoreFixture(directory);
             LiteVfs a = node(store, "race-a"); LiteVfs b = node(store, "race-b")) {
            try (Connection setup = DriverManager.getConnection(a.jdbcUrl("race.db"))) {
                a.withWriteLease("race.db", Duration.ofSeconds(10), () ->
                        setup.createStatement().execute("create table w(id integer primary key, node text, n integer, unique(node, n))"));
            }
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger maxHolders = new AtomicInteger();
            long started = System.nanoTime();
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> write(a, "a", holders, maxHolders));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> write(b, "b", holders, maxHolders));
            CompletableFuture.allOf(first, second).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("[race] %d lease-acquire-insert-release cycles in %.1f s (%.0f per second)%n",
                    2 * WRITES_PER_NODE, seconds, 2 * WRITES_PER_NODE / seconds);

            assertThat(maxHolders.get()).isEqualTo(1);
            List<String> expected = storeRows(store);
            assertThat(expected).hasSize(2 * WRITES_PER_NODE);
            for (LiteVfs node : List.of(a, b)) {
                try (Connection connection = DriverManager.getConnection(node.jdbcUrl("race.db"))) {
                    connection.createStatement().execute("pragma litevfs_sync");
                    assertThat(rows(connection, "select node, n from w order by node, n")).isEqualTo(expected);
                }
            }
        }
    }

    private static void write(LiteVfs node, String name, AtomicInteger holders, AtomicInteger maxHolders) {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("race.db"));
             Statement statement = connection.createStatement()) {
            for (int n = 0; n < WRITES_PER_NODE; n++) {
                int row = n;
                node.withWriteLease("race.db", Duration.ofSeconds(30), () -> {
                    maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                    try {
                        return statement.execute("insert into w(node, n) values ('" + name + "', " + row + ")");
                    } finally {
                        holders.decrementAndGet();
                    }
                });
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> storeRows(StoreFixture store) throws Exception {
        HttpResponse<byte[]> snapshot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=race.db&format=sqlite")).build(), HttpResponse.BodyHandlers.ofByteArray());
        Path copy = directory.resolve("race-snapshot.db");
        Files.write(copy, snapshot.body());
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            return rows(plain, "select node, n from w order by node, n");
        }
    }

    private LiteVfs node(StoreFixture store, String name) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve(name)).vfsName(name)
                .syncPeriod(Duration.ofMillis(100)).register();
    }
}
