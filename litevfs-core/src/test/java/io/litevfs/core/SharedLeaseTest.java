package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users of one node that write to the same database at once share its lease: it goes back to the store
 * when the last of them is done, never under another's write.
 */
class SharedLeaseTest {

    private static final String DB = "shared.db";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void aWriteLeaseEndingDoesNotEndAnotherStillWriting() throws Exception {
        try (StoreFixture store = new StoreFixture(directory); LiteVfs node = node(store)) {
            createTable(node);
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch secondDone = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> write(node, "first", () -> {
                firstInside.countDown();
                await(secondDone);
            }));
            assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
            write(node, "second", () -> { });
            secondDone.countDown();
            assertThat(node.holdsLease(DB)).as("the first writer, yet to write, still holds it").isTrue();
            assertThat(store.server.leases().current("default", DB)).isNotNull();

            first.get(20, TimeUnit.SECONDS);
            assertThat(rows(node)).isEqualTo(2);
            assertThat(node.holdsLease(DB)).isFalse();
            assertThat(store.server.leases().current("default", DB)).as("given back by the last holder").isNull();
        }
    }

    @Test
    void theSqlPragmaAndWriteLeasesHoldIndependently() throws Exception {
        try (StoreFixture store = new StoreFixture(directory); LiteVfs node = node(store);
             Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
             Statement statement = connection.createStatement()) {
            createTable(node);
            statement.execute("pragma litevfs_acquire_lease");
            node.withWriteLease(DB, TIMEOUT, () -> statement.execute("insert into t(v) values ('api')"));
            assertThat(node.holdsLease(DB)).as("the pragma's hold outlives withWriteLease").isTrue();
            statement.execute("insert into t(v) values ('pragma')");

            try (WriteLease lease = node.writeLease(DB, TIMEOUT)) {
                statement.execute("pragma litevfs_release_lease");
                assertThat(lease.isHeld()).as("the open WriteLease outlives the pragma's release").isTrue();
                statement.execute("insert into t(v) values ('lease')");
            }
            assertThat(node.holdsLease(DB)).isFalse();
            assertThat(store.server.leases().current("default", DB)).isNull();
            assertThat(rows(node)).isEqualTo(3);
        }
    }

    @Test
    void directCallsShareOneHoldAndAWriteLeaseMayBeClosedTwice() throws Exception {
        try (StoreFixture store = new StoreFixture(directory); LiteVfs node = node(store)) {
            createTable(node);
            node.acquireLease(DB, TIMEOUT);
            node.acquireLease(DB, TIMEOUT);
            WriteLease lease = node.writeLease(DB, TIMEOUT);
            node.releaseLease(DB);
            assertThat(node.holdsLease(DB)).as("kept by the WriteLease").isTrue();
            lease.close();
            lease.close();
            assertThat(node.holdsLease(DB)).as("one releaseLease ends the direct calls' hold").isFalse();
            assertThat(store.server.leases().current("default", DB)).isNull();
        }
    }

    @Test
    void takingTheLeaseCatchesUpWithTheStoreJoiningItNeedsNot() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            RecordingCloudClient client = new RecordingCloudClient(WebClientCloudClient.create(
                    new CloudOptions(URI.create(store.url()), null, null, TIMEOUT, Resilience.DEFAULTS)));
            try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                    .cacheDirectory(store.cacheDirectory("catch-up")).vfsName("catch-up").register()) {
                createTable(node);
                try (WriteLease first = node.writeLease(DB, TIMEOUT)) {
                    int afterTaking = client.changesRequests.get();
                    try (WriteLease joined = node.writeLease(DB, TIMEOUT)) {
                        assertThat(client.changesRequests.get()).as("joined, no request").isEqualTo(afterTaking);
                    }
                }
                int beforeTakingAgain = client.changesRequests.get();
                try (WriteLease again = node.writeLease(DB, TIMEOUT)) {
                    assertThat(client.changesRequests.get()).as("taken from the store again: catches up")
                            .isEqualTo(beforeTakingAgain + 1);
                }
            }
        }
    }

    private static void createTable(LiteVfs node) throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DB))) {
            node.withWriteLease(DB, TIMEOUT, () ->
                    connection.createStatement().execute("create table t(id integer primary key, v text)"));
        }
    }

    private static void write(LiteVfs node, String value, Runnable beforeWriting) {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
             Statement statement = connection.createStatement()) {
            node.withWriteLease(DB, TIMEOUT, () -> {
                beforeWriting.run();
                return statement.execute("insert into t(v) values ('" + value + "')");
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int rows(LiteVfs node) throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
             ResultSet rs = connection.createStatement().executeQuery("select count(*) from t")) {
            return rs.getInt(1);
        }
    }

    private LiteVfs node(StoreFixture store) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(store.cacheDirectory("shared"))
                .vfsName("shared").register();
    }
}
