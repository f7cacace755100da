package io.litevfs.core;

import io.litevfs.core.vfs.SqliteCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a commit can fail leaves the node equal to the store: the commit fails with a clear error,
 * the written pages are dropped, the next read refetches, and the database checks out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteFailureTest {

    private Path directory;
    private StoreFixture store;
    private FaultProxy proxy;
    private LiteVfs node;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        store = new StoreFixture(directory);
        proxy = new FaultProxy(store.server.port(), 3000);
        node = LiteVfs.builder().storeUrl(proxy.url()).cacheDirectory(directory.resolve("node")).vfsName("failing")
                .retries(0).register();
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
        proxy.close();
        store.close();
    }

    @Test
    void aWriterThatFellBehindGetsThePositionMismatchAndNothingChanges() throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("behind.db"));
             Statement statement = connection.createStatement()) {
            seed(statement);
            String lease = rows(connection, "pragma litevfs_acquire_lease").getFirst();
            statement.execute("begin immediate");
            statement.execute("insert into t(v) select 'mine' from t limit 50");
            advanceStoreUnderLease("behind.db", lease);
            assertThatThrownBy(() -> statement.execute("commit")).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("the store moved on").contains("retry");
            assertThat(LiteVfs.lastErrorCode()).isEqualTo(SqliteCodes.IOERR_POSITION_MISMATCH);
            statement.execute("pragma litevfs_release_lease");
            assertEqualsStore(connection, "behind.db");
        }
    }

    @Test
    void aLostLeaseFailsTheCommit() throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("lost.db"));
             Statement statement = connection.createStatement()) {
            seed(statement);
            String lease = rows(connection, "pragma litevfs_acquire_lease").getFirst();
            statement.execute("begin immediate");
            statement.execute("insert into t(v) values ('never')");
            http.send(HttpRequest.newBuilder(URI.create(store.url() + "/lease?db=lost.db&id=" + lease)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThatThrownBy(() -> statement.execute("commit")).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("ENOLEASE").contains("dropped");
            assertEqualsStore(connection, "lost.db");
            assertThat(rows(connection, "select count(*) from t where v = 'never'")).containsExactly("0");
        }
    }

    @Test
    void aBodyDamagedOnTheWireIsRefusedByTheStore() throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("damaged.db"));
             Statement statement = connection.createStatement()) {
            seed(statement);
            statement.execute("pragma litevfs_acquire_lease");
            proxy.arm(FaultProxy.Fault.FLIP_BYTE);
            assertThatThrownBy(() -> statement.execute("insert into t(v) select hex(randomblob(2000)) from t limit 5"))
                    .isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).containsAnyOf("EBADCHECKSUM", "EBADFORMAT").contains("dropped");
            statement.execute("pragma litevfs_release_lease");
            assertEqualsStore(connection, "damaged.db");
        }
    }

    @Test
    void anUploadCutByTheNetworkIsSentAgainAndCommitsOnce() throws Exception {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("cut.db"));
             Statement statement = connection.createStatement()) {
            seed(statement);
            String before = rows(connection, "pragma litevfs_position").getFirst();
            statement.execute("pragma litevfs_acquire_lease");
            proxy.arm(FaultProxy.Fault.CUT);
            statement.execute("insert into t(v) values ('through the cut')");
            statement.execute("pragma litevfs_release_lease");
            String after = rows(connection, "pragma litevfs_position").getFirst();
            assertThat(Long.parseLong(after.substring(0, 16), 16)).isEqualTo(Long.parseLong(before.substring(0, 16), 16) + 1);
            assertEqualsStore(connection, "cut.db");
            assertThat(rows(connection, "select count(*) from t where v = 'through the cut'")).containsExactly("1");
        }
    }

    private static void seed(Statement statement) throws SQLException {
        statement.execute("pragma litevfs_acquire_lease");
        statement.execute("create table t(id integer primary key, v text)");
        statement.execute("insert into t(v) select hex(randomblob(100)) from (select 1 union all select 2 union all select 3)");
        statement.execute("pragma litevfs_release_lease");
    }

    /** Another writer (the test, straight to the store, under the same lease) moves the database on. */
    private void advanceStoreUnderLease(String database, String lease) throws Exception {
        Path copy = downloadSqlite(database);
        SqliteFiles.sql(copy, "insert into t(v) values ('theirs')");
        StoreFixture.uploadTo(store.url(), directory, database, copy, lease);
    }

    private void assertEqualsStore(Connection connection, String database) throws Exception {
        Path copy = downloadSqlite(database);
        List<String> storeRows;
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            storeRows = rows(plain, "select * from t order by id");
        }
        assertThat(rows(connection, "select * from t order by id")).isEqualTo(storeRows);
        assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
    }

    private Path downloadSqlite(String database) throws Exception {
        HttpResponse<byte[]> snapshot = http.send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=" + database + "&format=sqlite")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Path copy = Files.createTempFile(directory, database, ".db");
        Files.write(copy, snapshot.body());
        return copy;
    }
}
