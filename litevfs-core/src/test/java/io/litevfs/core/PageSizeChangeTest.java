package io.litevfs.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page-size change ({@code PRAGMA page_size} then {@code VACUUM}) by the node holding the lease is refused
 * before the store acknowledges anything: the writer gets a clear error, and every node, the writer, another
 * and a new one, reads the database as it was, intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageSizeChangeTest {

    /** A cold node's integrity check reads every page, one request each, past the default budget of 64. */
    private static final String UNBOUNDED_CHECK = "pragma litevfs_max_reqs_per_query = 65536";

    private Path directory;
    private StoreFixture store;
    private LiteVfs writer;
    private LiteVfs reader;

    @BeforeAll
    void start(@TempDir Path directory) {
        this.directory = directory;
        store = new StoreFixture(directory);
        writer = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("writer"))
                .vfsName("page-size-writer").syncPeriod(Duration.ofMillis(200)).register();
        reader = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("reader"))
                .vfsName("page-size-reader").syncPeriod(Duration.ofMillis(200)).register();
    }

    @AfterAll
    void stop() {
        writer.close();
        reader.close();
        store.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 8192, 65536})
    void aVacuumToAnotherPageSizeIsRefusedAndEveryNodeStillReadsTheDatabase(int newPageSize) throws Exception {
        String database = "resized-" + newPageSize + ".db";
        String before;
        try (Connection a = DriverManager.getConnection(writer.jdbcUrl(database)); Statement statement = a.createStatement()) {
            statement.execute("pragma litevfs_acquire_lease");
            statement.execute("create table t(id integer primary key, v text)");
            statement.execute("create index t_v on t(v)");
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                    + "insert into t(v) select 'row ' || i || printf('%.300c', 'x') from n");
            before = rows(a, "pragma litevfs_position").getFirst();
            assertThat(rows(a, "pragma page_size")).containsExactly("4096");

            statement.execute("pragma page_size = " + newPageSize);
            assertThatThrownBy(() -> statement.execute("vacuum"))
                    .isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("page size").contains("4096").contains(String.valueOf(newPageSize));
            statement.execute("pragma litevfs_release_lease");

            assertThat(rows(a, "pragma litevfs_position")).containsExactly(before);
            assertThat(rows(a, "select count(*), max(id) from t")).containsExactly("2000|2000");
            assertThat(rows(a, "pragma integrity_check")).containsExactly("ok");
            assertThat(rows(a, "pragma page_size")).containsExactly("4096");
        }
        assertThat(position(database)).isEqualTo(before.substring(0, 16));
        try (Connection b = DriverManager.getConnection(reader.jdbcUrl(database))) {
            rows(b, UNBOUNDED_CHECK);
            assertThat(rows(b, "select count(*), max(id) from t")).containsExactly("2000|2000");
            assertThat(rows(b, "pragma integrity_check")).containsExactly("ok");
        }
        try (LiteVfs fresh = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("fresh-" + newPageSize))
                .vfsName("page-size-fresh-" + newPageSize).register();
             Connection c = DriverManager.getConnection(fresh.jdbcUrl(database))) {
            rows(c, UNBOUNDED_CHECK);
            assertThat(rows(c, "select count(*), max(id) from t")).containsExactly("2000|2000");
            assertThat(rows(c, "pragma integrity_check")).containsExactly("ok");
            assertThat(rows(c, "pragma page_size")).containsExactly("4096");
        }
    }

    private String position(String database) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(store.url() + "/pos")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = body.indexOf("\"" + database + "\"");
        int txid = body.indexOf("\"txid\"", at);
        return body.substring(body.indexOf('"', txid + 7) + 1, body.indexOf('"', txid + 7) + 17);
    }
}
