package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.protocol.Pos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's position never goes backwards because of an answer asked for at an older position, and its
 * own commits cost it no sync. The race is made deterministic by holding a sync answer back while the
 * node's own commits land, as a slow store or network would.
 */
class OwnPositionTest {

    private static final String DB = "own.db";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void aSyncAnswerAskedBeforeTheNodesOwnCommitsIsDiscarded() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            RecordingCloudClient client = client(store);
            try (LiteVfs node = node(store, client);
                 Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
                 Statement statement = connection.createStatement()) {
                RecordingCloudClient.HeldSync held = client.holdNextSync();
                assertThat(held.awaitAsked(TIMEOUT).get(DB)).as("asked before anything was written").isEqualTo(Pos.ZERO);
                statement.execute("pragma litevfs_acquire_lease");
                statement.execute("create table t(id integer primary key, v text)");
                held.letStoreAnswer(TIMEOUT);
                statement.execute("insert into t(v) values ('one')");
                statement.execute("insert into t(v) values ('two')");
                Pos afterCommits = position(node);
                assertThat(afterCommits.txid().value()).isEqualTo(3);

                releaseAndAwaitItsHandling(client, held);

                assertThat(position(node)).as("the answer, computed at TXID 1, moved nothing").isEqualTo(afterCommits);
                statement.execute("insert into t(v) values ('three')");
                assertThat(rows(statement)).as("the node reads its own writes").isEqualTo(3);
                assertThat(store.server.store().positions("default").get(DB).txid().value()).isEqualTo(4);
            }
        }
    }

    @Test
    void anOldAnswerWaitingForTheWritersLocksIsNeverAppliedAfterItsCommit() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            RecordingCloudClient client = client(store);
            try (LiteVfs node = node(store, client);
                 Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
                 Statement statement = connection.createStatement()) {
                RecordingCloudClient.HeldSync held = client.holdNextSync();
                held.awaitAsked(TIMEOUT);
                statement.execute("pragma litevfs_acquire_lease");
                statement.execute("create table t(id integer primary key, v text)");
                held.letStoreAnswer(TIMEOUT);
                statement.execute("insert into t(v) values ('before')");

                statement.execute("begin");
                statement.execute("insert into t(v) values ('inside')");
                releaseAndAwaitItsHandling(client, held);
                statement.execute("commit");

                assertThat(position(node).txid().value()).as("the commit's position, not the answer's").isEqualTo(3);
                statement.execute("insert into t(v) values ('after')");
                assertThat(rows(statement)).isEqualTo(3);
            }
        }
    }

    @Test
    void aLoneWritersCommitsCostItNoSync() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            RecordingCloudClient client = client(store);
            try (LiteVfs node = node(store, client, Duration.ofHours(1), true);
                 Connection connection = DriverManager.getConnection(node.jdbcUrl(DB));
                 Statement statement = connection.createStatement()) {
                statement.execute("pragma litevfs_acquire_lease");
                statement.execute("create table t(id integer primary key, v text)");
                awaitFirstSync(client);
                int before = client.syncRequests.get();
                for (int i = 0; i < 300; i++) {
                    statement.execute("insert into t(v) values ('row " + i + "')");
                }
                Thread.sleep(300);
                assertThat(client.syncRequests.get() - before)
                        .as("sync requests made while the node's own 300 commits were announced to it").isZero();
                assertThat(rows(statement)).isEqualTo(300);
            }
        }
    }

    /** Lets the held answer go and waits until the sync loop has handled it (it then asks again). */
    private static void releaseAndAwaitItsHandling(RecordingCloudClient client, RecordingCloudClient.HeldSync held)
            throws InterruptedException {
        int sent = client.syncRequests.get();
        held.release();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.syncRequests.get() == sent) {
            assertThat(System.nanoTime() - deadline).as("the sync loop went on after the held answer").isNegative();
            Thread.sleep(5);
        }
    }

    private static void awaitFirstSync(RecordingCloudClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.syncRequests.get() == 0) {
            assertThat(System.nanoTime() - deadline).as("a first sync").isNegative();
            Thread.sleep(5);
        }
        Thread.sleep(100);
    }

    private static Pos position(LiteVfs node) {
        return node.database(DB).orElseThrow().position();
    }

    private static int rows(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("select count(*) from t")) {
            return rs.getInt(1);
        }
    }

    private static RecordingCloudClient client(StoreFixture store) {
        return new RecordingCloudClient(WebClientCloudClient.create(
                new CloudOptions(URI.create(store.url()), null, null, TIMEOUT, Resilience.DEFAULTS)));
    }

    /** A node polling every 50 ms, without push, so that every sync is the loop's. */
    private LiteVfs node(StoreFixture store, RecordingCloudClient client) {
        return node(store, client, Duration.ofMillis(50), false);
    }

    private LiteVfs node(StoreFixture store, RecordingCloudClient client, Duration syncPeriod, boolean push) {
        return LiteVfs.builder().storeUrl(store.url()).cloudClient(client).syncPeriod(syncPeriod).push(push)
                .cacheDirectory(store.cacheDirectory("own")).vfsName("own-" + System.nanoTime()).register();
    }
}
