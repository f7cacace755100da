package io.litevfs.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of more than 50 MB, with several tables and indexes, built with plain SQLite and uploaded to
 * a real store: queries through LiteVFS answer exactly what they answer on the local file, a cold point
 * lookup costs no more requests than the b-tree is deep plus one, and a restarted instance with a warm
 * cache fetches nothing it has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeDatabaseReadTest {

    private static final String[] QUERIES = {
            "select count(*), sum(amount), min(created), max(created) from orders",
            "select * from customers where id = 4242",
            "select * from customers where email = 'customer-31337@example.com'",
            "select id, amount from orders where customer_id = 777 order by id",
            "select id, name from products where price between 100 and 120 order by id",
            "select c.name, count(o.id), sum(o.amount) from customers c join orders o on o.customer_id = c.id "
                    + "where c.id between 100 and 140 group by c.id order by c.id",
            "select p.name, sum(i.quantity) from order_items i join products p on p.id = i.product_id "
                    + "group by p.id order by 2 desc, 1 limit 10",
            "select region, count(*), avg(amount) from orders join customers on customers.id = orders.customer_id "
                    + "group by region order by region",
            "select count(*) from order_items where quantity > 8"};

    @TempDir
    Path directory;

    private Path local;
    private StoreFixture store;

    @BeforeAll
    void buildAndUpload(@TempDir Path directory) throws Exception {
        this.directory = directory;
        local = directory.resolve("large.db");
        SqliteFiles.sql(local,
                "pragma page_size = 4096",
                "create table customers(id integer primary key, name text, email text, region text, bio text)",
                "create unique index customers_email on customers(email)",
                "create table products(id integer primary key, name text, price real)",
                "create index products_price on products(price)",
                "create table orders(id integer primary key, customer_id integer, amount real, created text)",
                "create index orders_customer on orders(customer_id)",
                "create table order_items(order_id integer, product_id integer, quantity integer)",
                "create index order_items_order on order_items(order_id)",
                "begin",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 60000) "
                        + "insert into customers select i, 'customer ' || i, 'customer-' || i || '@example.com', "
                        + "'region-' || (i % 17), hex(randomblob(200)) from n",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                        + "insert into products select i, 'product ' || i, (i * 37 % 1000) / 3.0 from n",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 250000) "
                        + "insert into orders select i, 1 + (i * 7919 % 60000), (i * 13 % 10000) / 7.0, "
                        + "datetime(1700000000 + i * 60, 'unixepoch') from n",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 400000) "
                        + "insert into order_items select 1 + (i % 250000), 1 + (i * 31 % 5000), 1 + (i % 10) from n",
                "commit");
        assertThat(Files.size(local)).isGreaterThan(50L << 20);
        store = new StoreFixture(directory);
        store.upload("large.db", local);
    }

    @AfterAll
    void stopStore() {
        store.close();
    }

    @Test
    void queriesAnswerExactlyWhatTheLocalFileAnswers() throws SQLException {
        List<List<String>> expected = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + local)) {
            for (String query : QUERIES) {
                expected.add(rows(connection, query));
            }
        }
        try (LiteVfs vfs = vfs("compare", directory.resolve("cache-compare"));
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("large.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("pragma litevfs_max_reqs_per_query = 1024");
            for (int i = 0; i < QUERIES.length; i++) {
                long before = vfs.database("large.db").orElseThrow().remoteRequests();
                assertThat(rows(connection, QUERIES[i])).as(QUERIES[i]).isEqualTo(expected.get(i));
                System.out.printf("[cold] %d requests: %s%n", vfs.database("large.db").orElseThrow().remoteRequests() - before, QUERIES[i]);
            }
            long before = vfs.database("large.db").orElseThrow().remoteRequests();
            long started = System.nanoTime();
            assertThat(rows(connection, "pragma litevfs_cache_db")).hasSize(1);
            System.out.printf("[cache_db] rest of the database in %d requests, %d ms%n",
                    vfs.database("large.db").orElseThrow().remoteRequests() - before, (System.nanoTime() - started) / 1_000_000);
            assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
        }
    }

    @Test
    void aColdPointLookupCostsAtMostTheTreeDepthPlusOneRequests() throws SQLException {
        int depth = tableDepth(local, "customers");
        try (LiteVfs vfs = vfs("cold", directory.resolve("cache-cold"));
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("large.db"))) {
            List<String> row = rows(connection, "select name, region from customers where id = 31337");
            assertThat(row).containsExactly("customer 31337|region-6");
            long requests = vfs.database("large.db").orElseThrow().remoteRequests();
            System.out.printf("[prefetch] cold point lookup: %d remote requests for a b-tree of depth %d%n", requests, depth);
            assertThat(requests).isLessThanOrEqualTo(depth + 1);
        }
    }

    @Test
    void aRestartedInstanceFetchesNothingItHasCached() throws SQLException {
        Path cache = directory.resolve("cache-restart");
        String query = "select count(*), sum(amount) from orders where customer_id between 1000 and 1005";
        List<String> first;
        try (LiteVfs vfs = vfs("restart1", cache);
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("large.db"))) {
            first = rows(connection, query);
            assertThat(vfs.database("large.db").orElseThrow().remoteRequests()).isPositive();
        }
        try (LiteVfs vfs = vfs("restart2", cache);
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("large.db"))) {
            assertThat(rows(connection, query)).isEqualTo(first);
            assertThat(vfs.database("large.db").orElseThrow().remoteRequests()).isZero();
        }
    }

    @Test
    void aCacheSmallerThanTheDatabaseStaysCorrectAndWithinItsBound() throws SQLException {
        List<String> expected;
        String query = "select count(*), sum(quantity), max(product_id) from order_items";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + local)) {
            expected = rows(connection, query);
        }
        try (LiteVfs vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache-bounded"))
                .vfsName("bounded").maxCachedPages(500).maxRequestsPerQuery(1024).maxPrefetchPages(128).register();
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("large.db"))) {
            assertThat(rows(connection, query)).isEqualTo(expected);
            assertThat(rows(connection, query)).isEqualTo(expected);
            DatabaseStatus status = vfs.database("large.db").orElseThrow();
            assertThat(status.cache().pages()).isLessThanOrEqualTo(500);
            assertThat(status.cache().evictions()).isPositive();
        }
    }

    /**
     * Prints (does not assert: these machines are noisy) the warm full-scan time through LiteVFS next to
     * SQLite's default unix VFS on the same file, alternating runs, SQLite's own cache kept tiny so every
     * page goes through the VFS. The benchmarks module measures this properly.
     */
    @Test
    void warmScansAreComparedWithTheDefaultVfs() throws SQLException {
        String scan = "select count(*), sum(length(bio)) from customers";
        try (LiteVfs vfs = vfs("warm", directory.resolve("cache-warm"));
             Connection viaLiteVfs = DriverManager.getConnection(vfs.jdbcUrl("large.db"));
             Connection viaUnix = DriverManager.getConnection("jdbc:sqlite:" + local)) {
            viaLiteVfs.createStatement().execute("pragma litevfs_cache_db");
            for (Connection connection : List.of(viaLiteVfs, viaUnix)) {
                connection.createStatement().execute("pragma cache_size = 16");
            }
            assertThat(rows(viaLiteVfs, scan)).isEqualTo(rows(viaUnix, scan));
            long requests = vfs.database("large.db").orElseThrow().remoteRequests();
            List<Long> liteVfsTimes = new ArrayList<>();
            List<Long> unixTimes = new ArrayList<>();
            for (int run = 0; run < 7; run++) {
                liteVfsTimes.add(time(viaLiteVfs, scan));
                unixTimes.add(time(viaUnix, scan));
            }
            long liteVfsMedian = median(liteVfsTimes);
            long unixMedian = median(unixTimes);
            System.out.printf("[warm scan] %s over %.1f MB: LiteVFS %.1f ms, unix VFS %.1f ms, ratio %.2f (medians of 7)%n",
                    scan, Files.size(local) / 1e6, liteVfsMedian / 1e6, unixMedian / 1e6, (double) liteVfsMedian / unixMedian);
            assertThat(vfs.database("large.db").orElseThrow().remoteRequests()).isEqualTo(requests);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long time(Connection connection, String query) throws SQLException {
        long started = System.nanoTime();
        rows(connection, query);
        return System.nanoTime() - started;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private LiteVfs vfs(String name, Path cache) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName(name).register();
    }

    /** How many b-tree levels the table has, counted on the local file with SQLite's dbstat table. */
    private static int tableDepth(Path file, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select max(length(path) - length(replace(path, '/', ''))) "
                     + "from dbstat where name = '" + table + "'")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException noDbstat) {
            return treeDepthByDescent(file, table);
        }
    }

    private static int treeDepthByDescent(Path file, String table) throws SQLException {
        throw new SQLException("dbstat is not available to measure the depth of " + table + " in " + file);
    }
}
