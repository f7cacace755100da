package io.litevfs.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries that read rows through an index (a range, an equality, the inner side of a join) cost a few
 * requests, not one per row: the rowids of the index leaves received are looked up through the table's
 * interior pages and their leaves asked for together. A lookup by rowid stays small. Counts of requests
 * and pages are exact for a given database, so the bounds here are tight ones; every answer is compared
 * with plain SQLite's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexLookupPrefetchTest {

    private static final int ORDERS = 40_000;
    private static final int CUSTOMERS = 4_000;

    private Path local;
    private StoreFixture store;
    private int nodes;

    @BeforeAll
    void buildAndUpload(@TempDir Path directory) throws Exception {
        local = directory.resolve("orders.db");
        SqliteFiles.sql(local, "pragma page_size = 4096",
                "create table customer(id integer primary key, name text not null, region text not null)",
                "create table orders(id integer primary key, customer_id integer not null, amount integer not null, "
                        + "note text not null)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < " + CUSTOMERS + ") "
                        + "insert into customer select i, 'customer-' || i, char(65 + i % 5) from n",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < " + ORDERS + ") "
                        + "insert into orders select i, (i * 7919) % " + CUSTOMERS + " + 1, (i * 31) % 10000, "
                        + "hex(randomblob(50)) from n",
                "create index orders_customer on orders(customer_id)");
        store = new StoreFixture(directory);
        store.upload("orders.db", local);
    }

    @AfterAll
    void stopStore() {
        store.close();
    }

    @Test
    void anIndexRangeWithRowLookupsTakesAFewRequestsNotOnePerRow() throws Exception {
        String range = "select count(*), sum(amount) from orders where customer_id between 100 and 140";
        Cold cold = cold(range);
        assertThat(StoreFixture.query(local, "select count(*) from orders where customer_id between 100 and 140"))
                .containsExactly("410");
        assertThat(cold.requests()).as("page 1, the index's interior and leaves, the table's interior pages, "
                + "then windows of lookups that double").isLessThanOrEqualTo(12);
    }

    @Test
    void anEqualityLookupFetchesItsRowsInOneRequest() throws Exception {
        Cold cold = cold("select id, amount from orders where customer_id = 2000");
        assertThat(cold.requests()).isLessThanOrEqualTo(6);
    }

    @Test
    void aJoinThroughTheIndexTakesAFewRequestsPerIndexLeaf() throws Exception {
        Cold cold = cold("select c.region, count(*), sum(o.amount) from customer c join orders o on o.customer_id = c.id "
                + "where c.id between 1000 and 1299 group by c.region");
        assertThat(cold.requests()).isLessThanOrEqualTo(20);
    }

    @Test
    void aLookupByRowidStaysSmall() throws Exception {
        Cold cold = cold("select * from orders where id = 20007");
        assertThat(cold.pages()).as("page 1 and the roots, then an interior page and a leaf, each with two siblings")
                .isLessThanOrEqualTo(10);
    }

    @Test
    void aShortScanFromTheMiddleTakesOneRequestPerLevel() throws Exception {
        Cold cold = cold("select id, amount from orders where id > 30000 order by id limit 50");
        assertThat(cold.requests()).as("page 1, the roots, an interior page, a leaf with the two after it")
                .isLessThanOrEqualTo(4);
        assertThat(cold.pages()).isLessThanOrEqualTo(10);
    }

    @Test
    void aFullScanTakesAboutOneRequestPerInteriorPage() throws Exception {
        Cold cold = cold("select count(*), sum(amount) from orders");
        assertThat(cold.requests()).as("page 1, the roots, the first interior page with two more, then the "
                + "leaves of each of the table's three interior pages (and the others with the first)")
                .isLessThanOrEqualTo(6);
    }

    /** What a query cost from an empty cache. */
    private record Cold(int requests, long pages) {
    }

    private Cold cold(String query) throws Exception {
        List<String> expected = StoreFixture.query(local, query);
        RecordingCloudClient client = store.recordingClient();
        try (LiteVfs node = store.node("lookups-" + ++nodes, client);
             Connection connection = DriverManager.getConnection(node.jdbcUrl("orders.db"))) {
            rows(connection, "pragma litevfs_max_reqs_per_query = 1000");
            assertThat(rows(connection, query)).isEqualTo(expected);
            return new Cold(client.pageRequests.get(), client.pagesReceived.get());
        }
    }
}
