package io.litevfs.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold scan of a table with more interior pages than the prefetcher remembers (here about 440 of 512
 * bytes, each over about 55 leaves) still takes about one request per interior page: an interior page
 * forgotten is read again from the local cache, not lost to the scan's read-ahead.
 */
class ManyInteriorPagesScanTest {

    @Test
    void aScanTakesAboutOneRequestPerInteriorPageWhenTheyOutnumberWhatIsRemembered(@TempDir Path directory)
            throws Exception {
        Path local = directory.resolve("wide.db");
        SqliteFiles.sql(local, "pragma page_size = 512", "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 120000) "
                        + "insert into t select i, hex(randomblob(40)) from n");
        String scan = "select count(*), sum(length(v)) from t";
        StoreFixture store = new StoreFixture(directory);
        try {
            store.upload("wide.db", local);
            RecordingCloudClient client = store.recordingClient();
            try (LiteVfs node = store.node("wide-scan", client);
                 Connection connection = DriverManager.getConnection(node.jdbcUrl("wide.db"))) {
                rows(connection, "pragma litevfs_max_reqs_per_query = 65536");
                assertThat(rows(connection, scan)).isEqualTo(StoreFixture.query(local, scan));
            }
            double pagesPerRequest = client.pagesReceived.get() / (double) client.pageRequests.get();
            assertThat(pagesPerRequest).as("%d pages in %d requests: the leaves of one interior page (about 55) "
                            + "a request; 38 when forgotten interior pages were lost", client.pagesReceived.get(),
                    client.pageRequests.get()).isGreaterThanOrEqualTo(48);
        } finally {
            store.close();
        }
    }
}
