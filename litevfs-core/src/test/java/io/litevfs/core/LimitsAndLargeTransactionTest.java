package io.litevfs.core;

import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the original LiteVFS refused, lifted: shrinking VACUUM, auto-vacuum databases and writes to WAL
 * databases; and a transaction larger than this test JVM's whole heap (see the pom), streamed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsAndLargeTransactionTest {

    private Path directory;
    private StoreFixture store;
    private LiteVfs writer;
    private LiteVfs reader;

    @BeforeAll
    void start(@TempDir Path directory) {
        this.directory = directory;
        store = new StoreFixture(directory);
        writer = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("writer")).vfsName("limits-w").register();
        reader = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("reader")).vfsName("limits-r").register();
    }

    @AfterAll
    void stop() {
        writer.close();
        reader.close();
        store.close();
    }

    @Test
    void aTransactionLargerThanTheHeapIsStreamedToTheStore() throws Exception {
        int rows = 250_000;
        try (Connection connection = DriverManager.getConnection(writer.jdbcUrl("big.db"));
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            writer.withWriteLease("big.db", Duration.ofSeconds(30), () -> {
                statement.execute("create table big(id integer primary key, payload blob)");
                return statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + rows
                        + ") insert into big(payload) select randomblob(1000) from n");
            });
            System.out.printf("[large] %d rows (%d MB) committed in %d ms with a %d MB heap%n", rows,
                    rows * 1000L >> 20, (System.nanoTime() - started) / 1_000_000, Runtime.getRuntime().maxMemory() >> 20);
            assertThat(rows(connection, "select count(*), sum(length(payload)) from big"))
                    .containsExactly(rows + "|" + rows * 1000L);
        }
        LtxFileSummary snapshot = verifiedSnapshot("big.db");
        assertThat((long) snapshot.header().commit() * snapshot.header().pageSize()).isGreaterThan(rows * 1000L);
    }

    @Test
    void aShrinkingVacuumShipsTheSmallerDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(writer.jdbcUrl("vacuum.db"));
             Statement statement = connection.createStatement()) {
            writer.withWriteLease("vacuum.db", Duration.ofSeconds(10), () -> {
                statement.execute("create table v(id integer primary key, payload blob)");
                statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into v(payload) select randomblob(1500) from n");
                return statement.execute("delete from v where id > 100");
            });
            long before = pages(connection);
            writer.withWriteLease("vacuum.db", Duration.ofSeconds(10), () -> statement.execute("vacuum"));
            assertThat(pages(connection)).isLessThan(before / 5);
        }
        assertSameOnTheOtherNode("vacuum.db", "select count(*), sum(length(payload)) from v", "100|150000");
        verifiedSnapshot("vacuum.db");
    }

    @Test
    void autoVacuumDatabasesShrinkAtCommit() throws Exception {
        try (Connection connection = DriverManager.getConnection(writer.jdbcUrl("auto.db"));
             Statement statement = connection.createStatement()) {
            writer.withWriteLease("auto.db", Duration.ofSeconds(10), () -> {
                statement.execute("pragma auto_vacuum = full");
                statement.execute("create table a(id integer primary key, payload blob)");
                return statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into a(payload) select randomblob(1500) from n");
            });
            long before = pages(connection);
            writer.withWriteLease("auto.db", Duration.ofSeconds(10), () -> statement.execute("delete from a where id > 10"));
            assertThat(pages(connection)).isLessThan(before / 10);
        }
        assertSameOnTheOtherNode("auto.db", "select count(*) from a", "10");
        verifiedSnapshot("auto.db");
    }

    @Test
    void aWalDatabaseCanBeWrittenAndBecomesARollbackJournalOne() throws Exception {
        Path local = directory.resolve("wal.db");
        SqliteFiles.sql(local, "pragma journal_mode = wal", "create table w(v text)", "insert into w values ('before')",
                "pragma wal_checkpoint(truncate)");
        store.upload("wal.db", local);
        try (Connection connection = DriverManager.getConnection(writer.jdbcUrl("wal.db"));
             Statement statement = connection.createStatement()) {
            writer.withWriteLease("wal.db", Duration.ofSeconds(10), () -> statement.execute("insert into w values ('after')"));
        }
        assertSameOnTheOtherNode("wal.db", "select group_concat(v) from w", "before,after");
        try (InputStream snapshot = download("wal.db", "sqlite")) {
            byte[] header = snapshot.readNBytes(20);
            assertThat(header[18]).isEqualTo((byte) 1);
            assertThat(header[19]).isEqualTo((byte) 1);
        }
    }

    private void assertSameOnTheOtherNode(String database, String query, String expected) throws Exception {
        try (Connection connection = DriverManager.getConnection(reader.jdbcUrl(database))) {
            connection.createStatement().execute("pragma litevfs_sync");
            assertThat(rows(connection, query)).containsExactly(expected);
            assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
        }
    }

    private static long pages(Connection connection) throws Exception {
        return Long.parseLong(rows(connection, "pragma page_count").getFirst());
    }

    /** Streams the store's LTX snapshot through the decoder, which verifies every page and checksum. */
    private LtxFileSummary verifiedSnapshot(String database) throws Exception {
        try (InputStream in = download(database, "ltx")) {
            return LtxDecoder.verify(in);
        }
    }

    private InputStream download(String database, String format) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=" + database + "&format=" + format)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
