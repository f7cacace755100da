package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PageFrames;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /db/page}, {@code /hwm}, {@code /info} and {@code /db/snapshot}, and their refusals. */
class PageReadTest extends StoreTestBase {

    @Test
    void pagesBeyondTheEndAreLeftOut() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        Http.Response response = http.get("/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=2,3,1,900");
        assertThat(response.json().get("pages").valueStream().map(p -> p.get("pgno").asLong()).toList())
                .containsExactly(2L, 1L);
    }

    /**
     * Asked with {@code checksums=true}, each page comes with its checksum, in JSON and in binary frames, at
     * the current position (the one recorded when its upload was verified) and at an older one (computed).
     */
    @Test
    void pagesAskedWithChecksumsComeWithTheirChecksums() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        Pos older = local.pos();
        byte[] olderTwo = local.content(2);
        http.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(3))));
        for (Pos at : new Pos[] {local.pos(), older}) {
            String request = "/db/page?db=" + db + "&pos=" + at + "&pgno=2,1&checksums=true";
            tools.jackson.databind.JsonNode pages = http.get(request).json().get("pages");
            for (int i = 0; i < 2; i++) {
                long pgno = pages.get(i).get("pgno").asLong();
                byte[] data = Base64.getDecoder().decode(pages.get(i).get("data").asString());
                assertThat(pages.get(i).get("checksum").asString()).as("JSON, page %d at %s", pgno, at)
                        .isEqualTo(io.litevfs.protocol.Checksum.of(io.litevfs.protocol.ltx.PageChecksum.of((int) pgno, data)).toString());
            }
            List<PageData> framed = PageFrames.decode(http.with("Accept", PageFrames.MEDIA_TYPE).get(request).body());
            assertThat(framed).extracting(PageData::pgno).containsExactly(2L, 1L);
            for (PageData page : framed) {
                assertThat(page.checksum()).as("binary, page %d at %s", page.pgno(), at)
                        .isEqualTo(io.litevfs.protocol.ltx.PageChecksum.of((int) page.pgno(), page.data()));
            }
        }
        assertThat(PageFrames.decode(http.with("Accept", PageFrames.MEDIA_TYPE).get("/db/page?db=" + db + "&pos=" + older
                + "&pgno=2&checksums=true").body()).getFirst().data()).isEqualTo(olderTwo);
    }

    @Test
    void aClientThatNamesTheBinaryAnswerGetsTheSamePagesFramedOthersGetJsonByteForByte() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        String request = "/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=2,1,900";
        Http.Response json = http.get(request);
        List<PageData> expected = json.json().get("pages").valueStream()
                .map(page -> new PageData(page.get("pgno").asLong(), Base64.getDecoder().decode(page.get("data").asString())))
                .toList();

        Http.Response binary = http.with("Accept", PageFrames.MEDIA_TYPE + ", application/json;q=0.5").get(request);
        assertThat(binary.header("Content-Type")).isEqualTo(PageFrames.MEDIA_TYPE);
        List<PageData> framed = PageFrames.decode(binary.body());
        assertThat(framed).extracting(PageData::pgno).containsExactly(2L, 1L);
        assertThat(framed).extracting(PageData::data).containsExactly(local.content(2), local.content(1));
        assertThat(framed).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
        assertThat(binary.body().length).as("a third smaller than the JSON: no base64")
                .isLessThan(json.body().length * 3 / 4);

        for (String accept : new String[] {"*/*", "application/json", PageFrames.MEDIA_TYPE + ";q=0, application/json"}) {
            Http.Response answer = http.with("Accept", accept).get(request);
            assertThat(answer.header("Content-Type")).as(accept).startsWith("application/json");
            assertThat(answer.body()).as(accept).isEqualTo(json.body());
        }
        Http.Response malformed = http.with("Accept", "not a media type;;").get(request);
        assertThat(malformed.status()).isEqualTo(406);
        assertThat(malformed.code()).isEqualTo("EBADINPUT");
        assertThat(malformed.text()).contains("Accept");
    }

    @Test
    void theLongestPageRequestFitsInARequestLine() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        String pgnos = LongStream.rangeClosed(4_294_967_294L - 1022, 4_294_967_294L).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        Http.Response response = http.get("/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=1," + pgnos);
        assertThat(response.status()).as("1,024 page numbers, 11,000 characters: " + response.text()).isEqualTo(200);
        assertThat(response.json().get("pages").valueStream().map(p -> p.get("pgno").asLong()).toList())
                .containsExactly(1L);
    }

    @Test
    void badParametersGetTheirCodes() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        String pos = local.pos().toString();
        assertCode("/db/page?db=" + db + "&pos=" + pos, 400, "EINVALIDPGNO");
        for (String pgno : new String[] {"0", "-1", "abc", "4294967295", "99999999999999999999", "1,,2", "1.5"}) {
            assertCode("/db/page?db=" + db + "&pos=" + pos + "&pgno=" + pgno, 400, "EINVALIDPGNO");
        }
        assertCode("/db/page?db=" + db + "&pos=" + pos + "&pgno=" + "1,".repeat(1100) + "1", 400, "EINVALIDPGNO");
        for (String badPos : new String[] {"1/2", "zz00000000000000/0000000000000000", "ffffffffffffffff/0000000000000000"}) {
            assertCode("/db/page?db=" + db + "&pos=" + badPos + "&pgno=1", 400, "EBADPOS");
            assertCode("/db/sync?db=" + db + "&pos=" + badPos, 400, "EBADPOS");
        }
        assertCode("/db/page?db=" + freshName() + "&pos=" + pos + "&pgno=1", 404, "ENODB");
        assertCode("/db/snapshot?db=" + freshName(), 404, "ENODB");
        assertCode("/db/snapshot?db=" + db + "&format=zip", 400, "EBADINPUT");
        assertCode("/db/page?pgno=1", 400, "EBADDB");
        assertCode("/no/such/endpoint", 404, "ENOTFOUND");
    }

    @Test
    void aPositionNotInHistoryIsAMismatchWithTheCurrentPosition() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        Http.Response response = http.get("/db/page?db=" + db + "&pos=0000000000000001/8000000000000001&pgno=1");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("EPOSMISMATCH");
        assertThat(Http.JSON.treeToValue(response.json().get("pos"), Pos.class)).isEqualTo(local.pos());
    }

    @Test
    void highWaterMarksAndInfoDescribeTheCluster() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.with("Litefs-Cluster-Id", "LFSC0123456789ABCDEF").post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2))));
        assertThat(http.get("/hwm").json().get(db).asString()).isEqualTo("0000000000000002");
        assertThat(http.get("/info").json().get("clusterID").asString()).isEqualTo("LFSC0123456789ABCDEF");
    }

    private void assertCode(String request, int status, String code) {
        Http.Response response = http.get(request);
        assertThat(response.status()).as(request + " -> " + response.text()).isEqualTo(status);
        assertThat(response.code()).as(request).isEqualTo(code);
    }
}
