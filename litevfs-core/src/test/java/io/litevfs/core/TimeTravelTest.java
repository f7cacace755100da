package io.litevfs.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code PRAGMA litevfs_time}: one connection reads a database as of a point of the store's history while
 * another node writes, and a live connection on the same node sees the new rows. Here on a store on the
 * file system; {@link TimeTravelOnABucketTest} runs the same through two replicas of a store on a bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeTravelTest {

    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> stores = new ArrayList<>();
    private LiteVfs writer;
    private LiteVfs reader;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        List<String> urls = startStores(directory);
        String suffix = getClass().getSimpleName();
        writer = LiteVfs.builder().storeUrl(urls.getFirst()).cacheDirectory(directory.resolve("cache-writer"))
                .vfsName("travel-w-" + suffix).syncPeriod(Duration.ofMillis(100)).register();
        reader = LiteVfs.builder().storeUrl(urls.getLast()).cacheDirectory(directory.resolve("cache-reader"))
                .vfsName("travel-r-" + suffix).syncPeriod(Duration.ofMillis(100)).register();
    }

    /** Starts the store the writer and the reader use (first and last of the URLs): one on the file system. */
    List<String> startStores(Path directory) throws Exception {
        StoreFixture store = closedAtEnd(new StoreFixture(directory));
        return List.of(store.url());
    }

    <T extends AutoCloseable> T closedAtEnd(T store) {
        stores.addFirst(store);
        return store;
    }

    @AfterAll
    void stop() throws Exception {
        writer.close();
        reader.close();
        for (AutoCloseable store : stores) {
            store.close();
        }
    }

    @Test
    void aConnectionTravellingInTimeSeesTheOldRowsWhileALiveOneSeesTheNew() throws Exception {
        write("create table orders(id integer primary key, item text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into orders(item) select 'old ' || i from n");
        Thread.sleep(30);
        Instant before = Instant.now();
        Thread.sleep(30);
        write("delete from orders where id > 1000", "insert into orders(item) values ('new')");

        try (Connection travelling = DriverManager.getConnection(reader.jdbcUrl("travel.db"));
             Connection live = DriverManager.getConnection(reader.jdbcUrl("travel.db"))) {
            assertThat(rows(travelling, "pragma litevfs_time")).containsExactly("");
            execute(travelling, "pragma litevfs_time = '" + before + "'");
            assertThat(rows(travelling, "pragma litevfs_time").getFirst()).startsWith(before.toString())
                    .contains("TXID 0000000000000002");
            assertThat(rows(travelling, "select count(*), max(item) from orders")).containsExactly("3000|old 999");

            for (int round = 0; round < 3; round++) {
                write("insert into orders(item) values ('newer " + round + "')");
                awaitRows(live, "select count(*) from orders", Integer.toString(1002 + round));
                assertThat(rows(travelling, "select count(*) from orders")).as("round %d", round).containsExactly("3000");
            }
            assertThat(rows(travelling, "pragma integrity_check")).containsExactly("ok");

            assertThatThrownBy(() -> execute(travelling, "insert into orders(item) values ('from the past')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
            execute(travelling, "pragma litevfs_time = '0000000000000001'");
            assertThat(rows(travelling, "select count(*) from orders")).as("the table created, empty").containsExactly("0");
            execute(travelling, "pragma litevfs_time = ''");
            assertThat(rows(travelling, "select count(*) from orders")).containsExactly("1004");
        }
    }

    @Test
    void aPointTheStoreDoesNotKeepOrAMalformedOneIsRefusedSayingWhy() throws Exception {
        writeTo("refused.db", "create table orders(id integer primary key, item text)");
        try (Connection connection = DriverManager.getConnection(reader.jdbcUrl("refused.db"))) {
            assertThatThrownBy(() -> execute(connection, "pragma litevfs_time = '2020-01-01T00:00:00Z'"))
                    .hasMessageContaining("the oldest kept is TXID 0000000000000001");
            assertThatThrownBy(() -> execute(connection, "pragma litevfs_time = 'yesterday'"))
                    .hasMessageContaining("litevfs_time takes a TXID");
            assertThat(rows(connection, "pragma litevfs_time")).as("still live").containsExactly("");
        }
    }

    /** Waits for a live connection to see a commit (through another replica, it comes with that replica's poll). */
    private void awaitRows(Connection connection, String query, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!rows(connection, query).equals(List.of(expected)) && System.nanoTime() < deadline) {
            reader.syncNow("travel.db");
            Thread.sleep(20);
        }
        assertThat(rows(connection, query)).containsExactly(expected);
    }

    private void write(String... statements) throws Exception {
        writeTo("travel.db", statements);
    }

    private void writeTo(String database, String... statements) throws Exception {
        writer.withWriteLease(database, LEASE_WAIT, () -> {
            try (Connection connection = DriverManager.getConnection(writer.jdbcUrl(database));
                 Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.executeUpdate(sql);
                }
            }
            return null;
        });
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
