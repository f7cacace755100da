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
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold scan asks for its next pages before it reaches them (several requests on their way at once, paid
 * for by the requests its large batches save against the original LiteVFS's one per interior page, see
 * {@code RequestBound}), answers exactly what plain SQLite answers, and a query that stops early leaves at
 * most a few batches asked for in vain. The table has 1 KiB pages: about a hundred interior pages for the
 * original to ask for one by one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanReadAheadTest {

    private static final String SCAN = "select count(*), sum(length(v)), max(id) from t";
    /** {@code ScanReadAhead.DEPTH}. */
    private static final int MOST_BATCHES_AHEAD = 3;

    private Path local;
    private StoreFixture store;
    private int nodes;

    @BeforeAll
    void buildAndUpload(@TempDir Path directory) throws Exception {
        local = directory.resolve("scan.db");
        SqliteFiles.sql(local, "pragma page_size = 1024", "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) "
                        + "insert into t select i, hex(randomblob(100 + i % 200)) from n");
        store = new StoreFixture(directory);
        store.upload("scan.db", local);
    }

    @AfterAll
    void stopStore() {
        store.close();
    }

    @Test
    void aColdScanHasSeveralRequestsOnTheirWayAndAnswersExactly() throws Exception {
        List<String> expected = plain(SCAN);
        RecordingCloudClient client = client();
        try (LiteVfs node = node(client); Connection connection = DriverManager.getConnection(node.jdbcUrl("scan.db"))) {
            rows(connection, "pragma litevfs_max_reqs_per_query = 1000");
            assertThat(rows(connection, SCAN)).isEqualTo(expected);
            assertThat(client.mostPageRequestsAtOnce.get()).as("requests sent ahead of the scan").isGreaterThan(1);
            DatabaseStatus status = node.database("scan.db").orElseThrow();
            assertThat(status.remoteRequests()).as("batches of 1,024 pages, not one request per interior page")
                    .isLessThan(status.originalRequests() / 4);
            assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
        }
    }

    @Test
    void aQueryThatStopsEarlyLeavesAtMostTheBatchesAheadUnused() throws Exception {
        String firstRows = "select id, v from t order by id limit 5";
        int withoutReadAhead;
        RecordingCloudClient plainClient = client();
        try (LiteVfs node = node(plainClient); Connection connection = DriverManager.getConnection(node.jdbcUrl("scan.db"))) {
            rows(connection, "pragma litevfs_max_prefetch_pages = 0");
            assertThat(rows(connection, firstRows)).isEqualTo(plain(firstRows));
            withoutReadAhead = plainClient.pageRequests.get();
        }
        RecordingCloudClient client = client();
        try (LiteVfs node = node(client); Connection connection = DriverManager.getConnection(node.jdbcUrl("scan.db"))) {
            assertThat(rows(connection, firstRows)).isEqualTo(plain(firstRows));
            assertThat(client.pageRequests.get()).as("batches ahead for each level the query went down: the "
                    + "interior pages under the root, then the leaves").isLessThanOrEqualTo(withoutReadAhead + 2 * MOST_BATCHES_AHEAD);
        }
    }

    private List<String> plain(String query) throws SQLException {
        return StoreFixture.query(local, query);
    }

    private RecordingCloudClient client() {
        return store.recordingClient();
    }

    private LiteVfs node(RecordingCloudClient client) {
        return store.node("scan-" + ++nodes, client);
    }
}
