package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.protocol.Pos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plain SQLite file made the content of a database: new, replacing, and refused with a reason. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseImportTest {

    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    private Path directory;
    private StoreFixture store;
    private LiteVfs importer;
    private LiteVfs reader;

    @BeforeAll
    void start(@TempDir Path directory) {
        this.directory = directory;
        store = new StoreFixture(directory);
        importer = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(store.cacheDirectory("importer"))
                .vfsName("import-a").syncPeriod(Duration.ofMillis(100)).register();
        reader = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(store.cacheDirectory("reader"))
                .vfsName("import-b").syncPeriod(Duration.ofMillis(100)).register();
    }

    @AfterAll
    void stop() {
        importer.close();
        reader.close();
        store.close();
    }

    @Test
    void aFileBecomesANewDatabaseThenReplacesItsContent() throws Exception {
        Path first = directory.resolve("first.db");
        SqliteFiles.sql(first, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                        + "insert into t(v) select 'row ' || i from n");
        Pos created = importer.importDatabase("imported.db", first, LEASE_WAIT);
        assertThat(created.txid().value()).isEqualTo(1);
        try (Connection b = DriverManager.getConnection(reader.jdbcUrl("imported.db"))) {
            assertThat(rows(b, "select count(*), max(v) from t")).containsExactly("5000|row 999");
            assertThat(rows(b, "pragma litevfs_position")).containsExactly(created.toString());

            Path second = directory.resolve("second.db");
            SqliteFiles.sql(second, "create table other(x)", "insert into other values (42)");
            Pos replaced = importer.importDatabase("imported.db", second, LEASE_WAIT);
            assertThat(replaced.txid().value()).isEqualTo(2);
            reader.syncNow("imported.db");
            assertThat(rows(b, "select x from other")).containsExactly("42");
            assertThat(rows(b, "select count(*) from sqlite_schema where name = 't'")).containsExactly("0");
            assertThat(rows(b, "pragma integrity_check")).containsExactly("ok");
        }
        assertThat(importer.holdsLease("imported.db")).isFalse();
    }

    /** The store's own import ({@code POST /db/upload}, as LiteFS Cloud's clients send it): nodes follow it. */
    @Test
    void aFilePostedToTheStoreReplacesTheDatabaseTheNodesRead() throws Exception {
        Path original = directory.resolve("posted-original.db");
        SqliteFiles.sql(original, "create table t(id integer primary key, v text)", "insert into t(v) values ('before')");
        importer.importDatabase("posted.db", original, LEASE_WAIT);
        try (Connection b = DriverManager.getConnection(reader.jdbcUrl("posted.db"))) {
            assertThat(rows(b, "select v from t")).containsExactly("before");
            Path replacement = directory.resolve("posted-replacement.db");
            SqliteFiles.sql(replacement, "create table t(id integer primary key, v text)",
                    "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                            + "insert into t(v) select 'after ' || i from n");
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(store.url() + "/db/upload?db=posted.db"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(replacement)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"txID\":\"0000000000000002\"");
            reader.syncNow("posted.db");
            assertThat(rows(b, "select count(*), min(v) from t")).containsExactly("3000|after 1");
            assertThat(rows(b, "pragma integrity_check")).containsExactly("ok");
        }
    }

    /** A bad write undone from Java: the content as of a time before it, as a new transaction nodes follow. */
    @Test
    void aRestoreByTimeUndoesADeleteAndIsItselfUndoneByTxid() throws Exception {
        Path orders = directory.resolve("orders.db");
        SqliteFiles.sql(orders, "create table orders(id integer primary key, item text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into orders(item) select 'item ' || i from n");
        Pos imported = importer.importDatabase("orders.db", orders, LEASE_WAIT);
        Thread.sleep(20);
        java.time.Instant beforeTheMistake = java.time.Instant.now();
        Thread.sleep(20);
        importer.withWriteLease("orders.db", LEASE_WAIT, () -> {
            try (Connection a = DriverManager.getConnection(importer.jdbcUrl("orders.db"));
                 Statement statement = a.createStatement()) {
                statement.executeUpdate("delete from orders");
            }
            return null;
        });
        try (Connection b = DriverManager.getConnection(reader.jdbcUrl("orders.db"))) {
            reader.syncNow("orders.db");
            assertThat(rows(b, "select count(*) from orders")).containsExactly("0");

            Pos restored = importer.restore("orders.db", io.litevfs.core.cloud.RestorePoint.at(beforeTheMistake), LEASE_WAIT);
            assertThat(restored.txid().value()).isEqualTo(imported.txid().value() + 2);
            reader.syncNow("orders.db");
            assertThat(rows(b, "select count(*), max(item) from orders")).containsExactly("2000|item 999");
            assertThat(rows(b, "pragma integrity_check")).containsExactly("ok");

            importer.restore("orders.db", io.litevfs.core.cloud.RestorePoint.at(restored.txid().previous()), LEASE_WAIT);
            reader.syncNow("orders.db");
            assertThat(rows(b, "select count(*) from orders")).as("the restore undone").containsExactly("0");
        }
        assertThatThrownBy(() -> importer.restore("orders.db",
                io.litevfs.core.cloud.RestorePoint.at(java.time.Instant.parse("2020-01-01T00:00:00Z")), LEASE_WAIT))
                .isInstanceOfSatisfying(io.litevfs.core.cloud.CloudException.class, e -> assertThat(e.code()).isEqualTo("ENOTXID"))
                .hasMessageContaining("the oldest kept is TXID 0000000000000001");
    }

    @Test
    void anImportWhoseAnswerIsCutIsSettledByResendingAndSucceeds() throws Exception {
        RecordingCloudClient client = new RecordingCloudClient(WebClientCloudClient.create(new CloudOptions(
                URI.create(store.url()), null, null, Duration.ofSeconds(10), Resilience.DEFAULTS)));
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                .cacheDirectory(store.cacheDirectory("cut-answer")).vfsName("import-cut").register()) {
            Path file = directory.resolve("cut-answer.db");
            SqliteFiles.sql(file, "create table t(v)", "insert into t values ('landed')");
            client.cutNextUploadAnswer();
            Pos imported = node.importDatabase("cut-answer.db", file, LEASE_WAIT);
            assertThat(imported.txid().value()).isEqualTo(1);
            assertThat(client.uploads).as("sent, then sent again to learn that the first landed").hasSize(2);
            assertThat(store.server.store().positions("default").get("cut-answer.db")).isEqualTo(imported);
            try (Connection b = DriverManager.getConnection(reader.jdbcUrl("cut-answer.db"))) {
                assertThat(rows(b, "select v from t")).containsExactly("landed");
            }
        }
    }

    @Test
    void whatIsNotAWholeQuietSqliteFileIsRefusedAndTheStoreKeepsNothing() throws Exception {
        Path text = directory.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a database at all, not even close to one hundred bytes long".repeat(3));
        assertThatThrownBy(() -> importer.importDatabase("refused.db", text, LEASE_WAIT))
                .hasMessageContaining("is not a SQLite database");

        Path cut = directory.resolve("cut.db");
        SqliteFiles.sql(cut, "create table t(x)", "insert into t values (randomblob(10000))");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) - 100));
        assertThatThrownBy(() -> importer.importDatabase("refused.db", cut, LEASE_WAIT))
                .hasMessageContaining("not a whole number of 4096-byte pages");

        Path wal = directory.resolve("wal.db");
        try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + wal); Statement statement = open.createStatement()) {
            statement.execute("pragma journal_mode=wal");
            statement.execute("create table t(x)");
            statement.execute("insert into t values (1)");
            assertThatThrownBy(() -> importer.importDatabase("refused.db", wal, LEASE_WAIT))
                    .hasMessageContaining("wal_checkpoint(TRUNCATE)");
        }

        assertThatThrownBy(() -> importer.importDatabase("refused.db", directory.resolve("missing.db"), LEASE_WAIT))
                .hasMessageContaining("is not a file");
        assertThat(importer.client().positions().block().getOrDefault("refused.db", Pos.ZERO))
                .as("nothing written: at most the zero position of a name that was leased").isEqualTo(Pos.ZERO);
        assertThat(importer.holdsLease("refused.db")).isFalse();
    }

    @Test
    void aFileWithAnInterruptedTransactionIsRefused() throws Exception {
        Path file = directory.resolve("hot.db");
        SqliteFiles.sql(file, "create table t(x)");
        Files.write(file.resolveSibling("hot.db-journal"), new byte[] {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9,
                0x20, (byte) 0xa1, 0x63, (byte) 0xd7, 0, 0, 0, 0});
        assertThatThrownBy(() -> importer.importDatabase("hot.db", file, LEASE_WAIT)).hasMessageContaining("hot journal");
    }
}
