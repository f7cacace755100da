package io.litevfs.server;

import io.litevfs.protocol.ltx.Fixtures;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.litevfs.protocol.ltx.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written by the reference Go encoder, uploaded in order, end at the position the Go library
 * computed, and every intermediate position still serves its own page contents.
 */
class InteropTest extends StoreTestBase {

    private static final Pos AFTER_SNAPSHOT = Pos.parse("0000000000000001/e9a99638f9eddcad");
    private static final Pos AFTER_INCREMENT = Pos.parse("0000000000000002/8ec61df333333333");
    private static final Pos AFTER_SHRINK = Pos.parse("0000000000000003/9a79c10ddddddddd");

    @ParameterizedTest
    @ValueSource(strings = {"plain", "lz4"})
    void goFixturesUploadInOrderAndServeEveryPosition(String variant) throws IOException {
        String db = "interop-" + variant;
        for (String file : new String[] {"v1-snapshot-", "v1-incr-", "v1-incr3-shrink-"}) {
            Http.Response response = http.post("/db/tx?db=" + db, Fixtures.bytes(file + variant + ".ltx"));
            assertThat(response.status()).as(response.text()).isEqualTo(200);
        }

        assertThat(Http.JSON.treeToValue(http.get("/pos").json().get(db), Pos.class)).isEqualTo(AFTER_SHRINK);
        assertThat(pagesAt(db, AFTER_SNAPSHOT)).containsExactly(
                Map.entry(1L, page(0x10)), Map.entry(2L, page(0x20)), Map.entry(3L, page(0x30)));
        assertThat(pagesAt(db, AFTER_INCREMENT)).containsExactly(
                Map.entry(1L, page(0x10)), Map.entry(2L, page(0x40)), Map.entry(3L, page(0x30)), Map.entry(4L, page(0x50)));
        assertThat(pagesAt(db, AFTER_SHRINK)).containsExactly(Map.entry(1L, page(0x60)), Map.entry(2L, page(0x40)));

        Http.Response snapshot = http.get("/db/snapshot?db=" + db + "&format=ltx");
        assertThat(snapshot.status()).isEqualTo(200);
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(snapshot.body()));
        assertThat(summary.header().isSnapshot()).isTrue();
        assertThat(summary.header().isCompressed()).isTrue();
        assertThat(summary.header().maxTxId()).isEqualTo(AFTER_SHRINK.txid());
        assertThat(summary.trailer().postApplyChecksum()).isEqualTo(Checksum.parse("9a79c10ddddddddd"));

        byte[] sqlite = http.get("/db/snapshot?db=" + db + "&format=sqlite").body();
        assertThat(sqlite).hasSize(1024);
        assertThat(java.util.Arrays.copyOfRange(sqlite, 0, 512)).isEqualTo(page(0x60));
        assertThat(java.util.Arrays.copyOfRange(sqlite, 512, 1024)).isEqualTo(page(0x40));
    }

    private Map<Long, byte[]> pagesAt(String db, Pos pos) {
        Http.Response response = http.get("/db/page?db=" + db + "&pos=" + pos + "&pgno=1,2,3,4");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Map<Long, byte[]> pages = new LinkedHashMap<>();
        for (JsonNode page : response.json().get("pages")) {
            pages.put(page.get("pgno").asLong(), Base64.getDecoder().decode(page.get("data").asString()));
        }
        return pages;
    }
}
