package io.litevfs.core;

import io.litevfs.protocol.ltx.LtxDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
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

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes under the lease, shipped as LTX to a real store, seen by another node and by the store itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathTest {

    private Path directory;
    private StoreFixture store;
    private LiteVfs nodeA;
    private LiteVfs nodeB;

    @BeforeAll
    void start(@TempDir Path directory) {
        this.directory = directory;
        store = new StoreFixture(directory);
        nodeA = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("a")).vfsName("write-a")
                .syncPeriod(Duration.ofMillis(200)).register();
        nodeB = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("b")).vfsName("write-b")
                .syncPeriod(Duration.ofMillis(200)).register();
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
        store.close();
    }

    @Test
    void aDatabaseCreatedThroughTheVfsReachesTheStoreAndOtherNodes() throws Exception {
        try (Connection a = DriverManager.getConnection(nodeA.jdbcUrl("created.db")); Statement statement = a.createStatement()) {
            assertThatThrownBy(() -> statement.execute("create table t(id integer primary key, v text)"))
                    .isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("PRAGMA litevfs_acquire_lease");

            statement.execute("pragma litevfs_acquire_lease");
            statement.execute("create table t(id integer primary key, v text)");
            statement.execute("insert into t(v) values ('one'), ('two')");
            statement.execute("begin");
            for (int i = 0; i < 1000; i++) {
                statement.execute("insert into t(v) values ('row " + i + "')");
            }
            statement.execute("commit");
            statement.execute("pragma litevfs_release_lease");
            assertThat(rows(a, "select count(*) from t")).containsExactly("1002");
            assertThat(rows(a, "pragma litevfs_position").getFirst()).startsWith("0000000000000003/");
        }
        try (Connection b = DriverManager.getConnection(nodeB.jdbcUrl("created.db"))) {
            assertThat(rows(b, "select count(*), min(v) from t")).containsExactly("1002|one");
            assertThat(rows(b, "pragma integrity_check")).containsExactly("ok");
        }
        HttpResponse<byte[]> snapshot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=created.db&format=sqlite")).build(), HttpResponse.BodyHandlers.ofByteArray());
        Path copy = directory.resolve("snapshot.db");
        Files.write(copy, snapshot.body());
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            assertThat(rows(plain, "select count(*) from t")).containsExactly("1002");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"delete", "truncate", "persist"})
    void everyRollbackJournalModeShipsItsCommits(String journalMode) throws Exception {
        String database = "journal-" + journalMode + ".db";
        try (Connection a = DriverManager.getConnection(nodeA.jdbcUrl(database)); Statement statement = a.createStatement()) {
            assertThat(rows(a, "pragma journal_mode = " + journalMode)).containsExactly(journalMode);
            nodeA.withWriteLease(database, Duration.ofSeconds(5), () -> {
                statement.execute("create table j(v text)");
                statement.execute("insert into j values ('first')");
                statement.execute("begin");
                statement.execute("insert into j values ('second')");
                return statement.execute("commit");
            });
            nodeA.withWriteLease(database, Duration.ofSeconds(5), () -> {
                statement.execute("begin");
                statement.execute("insert into j values ('rolled back')");
                return statement.execute("rollback");
            });
        }
        try (Connection b = DriverManager.getConnection(nodeB.jdbcUrl(database))) {
            assertThat(rows(b, "select group_concat(v) from j")).containsExactly("first,second");
        }
    }

    /** Prints (no assertion: the machines are noisy) how many single-row commits a second pass with the lease held. */
    @Test
    void commitsWithTheLeaseHeldAreCounted() throws Exception {
        try (Connection a = DriverManager.getConnection(nodeA.jdbcUrl("rate.db")); Statement statement = a.createStatement()) {
            int commits = 500;
            double seconds = nodeA.withWriteLease("rate.db", Duration.ofSeconds(5), () -> {
                statement.execute("create table r(id integer primary key, v text)");
                long started = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    statement.execute("insert into r(v) values ('row " + i + "')");
                }
                return (System.nanoTime() - started) / 1e9;
            });
            System.out.printf("[writes] %d single-row commits with the lease held in %.2f s: %.0f commits/s%n",
                    commits, seconds, commits / seconds);
            assertThat(rows(a, "select count(*) from r")).containsExactly(Integer.toString(commits));
        }
    }

    @Test
    void aRolledBackTransactionShipsNothing() throws Exception {
        try (Connection a = DriverManager.getConnection(nodeA.jdbcUrl("rollback.db")); Statement statement = a.createStatement()) {
            nodeA.withWriteLease("rollback.db", Duration.ofSeconds(5), () -> statement.execute("create table r(x)"));
            String before = rows(a, "pragma litevfs_position").getFirst();
            nodeA.withWriteLease("rollback.db", Duration.ofSeconds(5), () -> {
                statement.execute("begin");
                statement.execute("insert into r values (1)");
                statement.execute("rollback");
                return null;
            });
            assertThat(rows(a, "pragma litevfs_position").getFirst()).isEqualTo(before);
            assertThat(rows(a, "select count(*) from r")).containsExactly("0");
        }
    }

    @Test
    void everyUploadedFileDecodesAndTheStoreVerifiedIt() throws Exception {
        try (Connection a = DriverManager.getConnection(nodeA.jdbcUrl("verified.db")); Statement statement = a.createStatement()) {
            nodeA.withWriteLease("verified.db", Duration.ofSeconds(5), () -> {
                statement.execute("create table v(id integer primary key, blob blob)");
                statement.execute("insert into v(blob) select randomblob(3000) from (select 1 union all select 2)");
                return null;
            });
        }
        HttpResponse<byte[]> ltx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=verified.db")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(LtxDecoder.verify(new ByteArrayInputStream(ltx.body())).header().maxTxId().value()).isEqualTo(2);
    }
}
