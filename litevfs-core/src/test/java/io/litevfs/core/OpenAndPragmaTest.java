package io.litevfs.core;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening databases, the pragmas, WAL databases, and the errors users meet. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAndPragmaTest {

    private Path directory;
    private StoreFixture store;
    private LiteVfs vfs;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        store = new StoreFixture(directory);
        Path plain = directory.resolve("plain.db");
        SqliteFiles.sql(plain, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into t select i, hex(randomblob(300)) from n");
        store.upload("plain.db", plain);
        Path wal = directory.resolve("wal.db");
        SqliteFiles.sql(wal, "pragma journal_mode = wal", "create table w(id integer primary key, v text)",
                "insert into w values (1, 'from a WAL database')", "pragma wal_checkpoint(truncate)");
        assertThat(Files.readAllBytes(wal)[18]).as("file format write version of a WAL database").isEqualTo((byte) 2);
        store.upload("wal.db", wal);
        vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache")).vfsName("pragmas").register();
    }

    @AfterAll
    void stop() {
        vfs.close();
        store.close();
    }

    @Test
    void pragmasReadSetAndValidate() throws SQLException {
        try (Connection connection = DriverManager.getConnection(vfs.jdbcUrl("plain.db"))) {
            assertThat(pragma(connection, "litevfs_max_prefetch_pages")).isEqualTo("32");
            assertThat(rows(connection, "pragma litevfs_max_prefetch_pages = 64")).as("a setter answers nothing").isEmpty();
            assertThat(pragma(connection, "litevfs_max_prefetch_pages")).isEqualTo("64");
            assertThat(pragma(connection, "litevfs_max_reqs_per_query")).isEqualTo("64");
            assertThat(rows(connection, "pragma litevfs_max_reqs_per_query = 200")).isEmpty();
            assertThat(pragma(connection, "litevfs_max_reqs_per_query")).isEqualTo("200");
            assertThat(pragma(connection, "litevfs_cache_sync_period")).isEqualTo("1s");
            assertThat(rows(connection, "pragma litevfs_cache_sync_period = 2")).as("a bare number is seconds").isEmpty();
            assertThat(pragma(connection, "litevfs_cache_sync_period")).isEqualTo("2s");
            assertThat(rows(connection, "pragma litevfs_cache_sync_period = '1s 250ms'")).isEmpty();
            assertThat(pragma(connection, "litevfs_cache_sync_period")).isEqualTo("1s 250ms");
            rows(connection, "pragma litevfs_cache_sync_period = '250ms'");
            assertThat(pragma(connection, "litevfs_cache_sync_period")).isEqualTo("250ms");
            assertThat(pragma(connection, "litevfs_max_cached_pages")).isEqualTo("0");
            assertThat(rows(connection, "pragma litevfs_max_cached_pages = 10000")).isEmpty();
            assertThat(pragma(connection, "litevfs_max_cached_pages")).isEqualTo("10000");
            assertThat(rows(connection, "pragma litevfs_min_available_space = 1048576")).isEmpty();
            assertThat(pragma(connection, "litevfs_min_available_space")).isEqualTo("1048576");
            assertThat(pragma(connection, "litevfs_position"))
                    .isEqualTo(store.server.store().loaded("default", "plain.db").pos().toString());
            assertThat(pragma(connection, "litevfs_sync")).isEqualTo(pragma(connection, "litevfs_position"));

            assertRefused(connection, "litevfs_max_prefetch_pages = 129", "from 0 to 128");
            assertRefused(connection, "litevfs_max_reqs_per_query = 0", "from 1 to 65536");
            assertRefused(connection, "litevfs_max_reqs_per_query = 70000", "from 1 to 65536");
            assertRefused(connection, "litevfs_cache_sync_period = '5ms'", "from 10 ms");
            assertRefused(connection, "litevfs_cache_sync_period = 'soon'", "takes seconds");
            assertRefused(connection, "litevfs_max_cached_pages = -1", "0 (no limit) or more");
            assertRefused(connection, "litevfs_max_prefetch_pages = lots", "takes a whole number");
            assertRefused(connection, "locking_mode = exclusive", "locking_mode=EXCLUSIVE is not supported");
            assertThat(pragma(connection, "locking_mode")).isEqualTo("normal");
            assertThat(pragma(connection, "litevfs_max_prefetch_pages")).isEqualTo("64");
        }
    }

    @Test
    void cacheDbFetchesTheWholeDatabaseSoQueriesNeedNoRequest() throws SQLException {
        try (Connection connection = DriverManager.getConnection(vfs.jdbcUrl("plain.db"))) {
            pragma(connection, "litevfs_cache_db");
            long before = vfs.database("plain.db").orElseThrow().remoteRequests();
            assertThat(rows(connection, "select count(*) from t where length(v) = 600")).containsExactly("3000");
            assertThat(vfs.database("plain.db").orElseThrow().remoteRequests()).isEqualTo(before);
        }
    }

    @Test
    void anExhaustedBudgetNamesThePragmaToRaise() throws SQLException {
        try (LiteVfs small = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache-budget"))
                .vfsName("budget").maxRequestsPerQuery(2).maxPrefetchPages(0).register();
             Connection connection = DriverManager.getConnection(small.jdbcUrl("plain.db"))) {
            assertThatThrownBy(() -> rows(connection, "select count(*) from t")).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("more than 2 remote page requests")
                    .contains("PRAGMA litevfs_max_reqs_per_query");
        }
    }

    /**
     * An integrity check reads every page: it fetches them first, 1,024 a request, and when that takes more
     * requests than the budget it fails as a whole, naming the budget, instead of printing pages it could not
     * get (which reads as a corrupt database).
     */
    @Test
    void anIntegrityCheckBeyondTheBudgetFailsAsAWholeAndWithinItFetchesEverythingInFewRequests() throws Exception {
        Path wide = directory.resolve("wide.db");
        SqliteFiles.sql(wide, "pragma page_size = 1024", "create table w(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                        + "insert into w select i, printf('%.*c', 250, char(65 + i % 26)) from n");
        store.upload("wide.db", wide);
        long pages = Files.size(wide) / 1024;
        assertThat(pages).as("more pages than one request takes").isBetween(1025L, 2048L);
        try (LiteVfs small = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache-check"))
                .vfsName("check-budget").maxRequestsPerQuery(1).register();
             Connection connection = DriverManager.getConnection(small.jdbcUrl("wide.db"))) {
            assertThatThrownBy(() -> rows(connection, "pragma integrity_check")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("PRAGMA integrity_check reads every page")
                    .hasMessageContaining("more than this query's budget of 1")
                    .hasMessageContaining("PRAGMA litevfs_max_reqs_per_query");
            rows(connection, "pragma litevfs_max_reqs_per_query = 2");
            long before = small.database("wide.db").orElseThrow().remoteRequests();
            assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
            assertThat(small.database("wide.db").orElseThrow().remoteRequests() - before).isEqualTo(2);
            assertThat(rows(connection, "pragma quick_check")).as("everything cached: no request").containsExactly("ok");
            assertThat(small.database("wide.db").orElseThrow().remoteRequests() - before).isEqualTo(2);
        }
    }

    @Test
    void walDatabasesAreReadAsRollbackJournalOnes() throws SQLException {
        try (Connection connection = DriverManager.getConnection(vfs.jdbcUrl("wal.db"))) {
            assertThat(rows(connection, "select v from w")).containsExactly("from a WAL database");
            assertThat(pragma(connection, "journal_mode")).isEqualTo("delete");
        }
    }

    @Test
    void openingFollowsTheStore() throws SQLException {
        assertThatThrownBy(() -> DriverManager.getConnection(vfs.jdbcUrl("missing.db") + "&mode=ro").createStatement()
                .executeQuery("select 1 from sqlite_schema"))
                .isInstanceOf(SQLException.class);
        assertThat(LiteVfs.lastError()).contains("missing.db does not exist in the store");

        try (Connection connection = DriverManager.getConnection(vfs.jdbcUrl("brand-new.db"))) {
            assertThat(rows(connection, "select count(*) from sqlite_schema")).containsExactly("0");
            assertThat(pragma(connection, "litevfs_position")).isEqualTo("0000000000000000/0000000000000000");
            assertThatThrownBy(() -> connection.createStatement().execute("create table x(a)")).isInstanceOf(SQLException.class);
        }
        try (Connection readOnly = DriverManager.getConnection(vfs.jdbcUrl("plain.db") + "&mode=ro")) {
            assertThat(rows(readOnly, "select count(*) from t")).containsExactly("3000");
        }
    }

    @Test
    void urlsAndNamesAreCheckedWithAClearMessage() {
        assertThat(JdbcUrls.of("demo.db", "litevfs")).isEqualTo("jdbc:sqlite:file:demo.db?vfs=litevfs");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.check("jdbc:sqlite:demo.db?vfs=litevfs"))
                .withMessageContaining("jdbc:sqlite:file:demo.db?vfs=litevfs");
        assertThat(JdbcUrls.check("jdbc:sqlite:file:demo.db?vfs=litevfs")).isEqualTo("jdbc:sqlite:file:demo.db?vfs=litevfs");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.of("../etc/passwd", "litevfs"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sqlite:file:..%2Fescape?vfs=pragmas")
                .createStatement().executeQuery("select 1 from sqlite_schema")).isInstanceOf(SQLException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> LiteVfs.builder().vfsName("nourl").register())
                .withMessageContaining("LITEFS_CLOUD_HOST");
        assertThatIllegalArgumentException().isThrownBy(() -> LiteVfs.builder().storeUrl("ftp://x").vfsName("badurl").register())
                .withMessageContaining("http(s)://host");
    }

    @Test
    void aUrlThatWouldOpenAnotherDatabaseThanItNamesIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.check("jdbc:sqlite:file:demo.db?vfs=unix&vfs=litevfs"))
                .withMessageContaining("names a VFS more than once");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.databaseOf("jdbc:sqlite:file:demo.db?vfs=litevfs&vfs=unix",
                "litevfs")).withMessageContaining("names a VFS more than once");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.check("jdbc:sqlite:file:demo.db%00other?vfs=litevfs"))
                .withMessageContaining("SQLite ends the database name there");
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.of("demo%00other.db", "litevfs"));
        assertThat(JdbcUrls.check("jdbc:h2:mem:x;vfs=a;vfs=b")).as("not SQLite's business").isNotNull();
        assertThat(JdbcUrls.databaseOf("jdbc:sqlite:file:demo.db?mode=ro&vfs=litevfs", "litevfs")).contains("demo.db");
    }

    @Test
    void theOriginalEnvironmentVariablesConfigureAnInstance() throws SQLException {
        Map<String, String> environment = Map.of("LITEFS_CLOUD_HOST", store.url(),
                "LITEVFS_CACHE_DIR", directory.resolve("cache-env").toString());
        try (LiteVfs fromEnvironment = LiteVfs.builder().environment(environment).vfsName("env").register();
             Connection connection = DriverManager.getConnection(fromEnvironment.jdbcUrl("plain.db"))) {
            assertThat(rows(connection, "select count(*) from t where id <= 10")).containsExactly("10");
            assertThat(directory.resolve("cache-env").resolve("plain.db")).isDirectory();
        }
    }

    @Test
    void aPositionTheStoreNoLongerKeepsFailsWithItsOwnCode(@TempDir Path elsewhere) throws Exception {
        Path local = elsewhere.resolve("moving.db");
        SqliteFiles.sql(local, "create table m(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into m select i, hex(randomblob(300)) from n");
        try (LiteVfsServer shortHistory = LiteVfsServer.builder().dataDirectory(elsewhere.resolve("store")).openAccess()
                .retention(Duration.ofMillis(1)).property("litevfs.server.compaction-interval", "50ms").start()) {
            StoreFixture.uploadTo(shortHistory.url(), elsewhere, "moving.db", local);
            try (LiteVfs node = LiteVfs.builder().storeUrl(shortHistory.url()).cacheDirectory(elsewhere.resolve("cache"))
                    .vfsName("moving").maxPrefetchPages(0).register();
                 Connection connection = DriverManager.getConnection(node.jdbcUrl("moving.db"));
                 Statement statement = connection.createStatement()) {
                statement.execute("begin");
                assertThat(rows(connection, "select v from m where id = 1")).hasSize(1);
                SqliteFiles.sql(local, "update m set v = 'x'");
                StoreFixture.uploadTo(shortHistory.url(), elsewhere, "moving.db", local);
                Thread.sleep(500);
                assertThatThrownBy(() -> rows(connection, "select v from m where id = 1500"))
                        .isInstanceOf(SQLException.class);
                assertThat(LiteVfs.lastError()).contains("no longer serves position").contains("retry the transaction");
                // SQLite rolled the transaction back itself on the I/O error; retried, it reads the new position.
                assertThat(rows(connection, "select v from m where id = 1500")).containsExactly("x");
            }
        }
    }

    private static String pragma(Connection connection, String pragma) throws SQLException {
        return rows(connection, "pragma " + pragma).getFirst();
    }

    private static void assertRefused(Connection connection, String pragma, String message) {
        assertThatThrownBy(() -> pragma(connection, pragma)).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }
}
