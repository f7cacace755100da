package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.protocol.ltx.LtxDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each LTX file a commit sends passes the store's verification and holds exactly the pages the commit
 * changed: compared with the store's database, page by page, before and after.
 */
class ShippedFilesTest {

    @TempDir
    Path directory;

    @Test
    void eachCommitShipsExactlyTheChangedPages() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            RecordingCloudClient client = new RecordingCloudClient(WebClientCloudClient.create(
                    new CloudOptions(URI.create(store.url()), null, null, Duration.ofSeconds(10), Resilience.DEFAULTS)));
            try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                    .cacheDirectory(directory.resolve("cache")).vfsName("shipped").register();
                 Connection connection = DriverManager.getConnection(node.jdbcUrl("shipped.db"));
                 Statement statement = connection.createStatement()) {
                String[] transactions = {
                        "create table t(id integer primary key, v text)",
                        "insert into t(v) select hex(randomblob(200)) from (select 1 union all select 2 union all select 3)",
                        "insert into t(v) select hex(randomblob(3000)) from t",
                        "update t set v = 'short' where id = 2",
                        "delete from t where id > 3"};
                byte[] before = new byte[0];
                for (String sql : transactions) {
                    node.withWriteLease("shipped.db", Duration.ofSeconds(5), () -> statement.execute(sql));
                    byte[] after = download(store, "shipped.db");
                    byte[] shipped = client.uploads.getLast();
                    LtxDecoder decoder = new LtxDecoder(new ByteArrayInputStream(shipped));
                    int pageSize = decoder.header().pageSize();
                    TreeSet<Integer> pgnos = new TreeSet<>();
                    byte[] page = new byte[pageSize];
                    for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                        pgnos.add(pgno);
                        assertThat(page).as("page %d of '%s'", pgno, sql)
                                .isEqualTo(Arrays.copyOfRange(after, (pgno - 1) * pageSize, pgno * pageSize));
                    }
                    decoder.finish();
                    assertThat(pgnos).as(sql).isEqualTo(changedPages(before, after, pageSize));
                    before = after;
                }
            }
        }
    }

    private static TreeSet<Integer> changedPages(byte[] before, byte[] after, int pageSize) {
        TreeSet<Integer> changed = new TreeSet<>();
        for (int pgno = 1; pgno * pageSize <= after.length; pgno++) {
            int from = (pgno - 1) * pageSize;
            if (from + pageSize > before.length
                    || !Arrays.equals(before, from, from + pageSize, after, from, from + pageSize)) {
                changed.add(pgno);
            }
        }
        return changed;
    }

    private static byte[] download(StoreFixture store, String database) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=" + database + "&format=sqlite")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }
}
