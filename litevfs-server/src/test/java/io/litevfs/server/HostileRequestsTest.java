package io.litevfs.server;

import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PagesResponse;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that ask the store to amplify (a small request, a huge answer or a huge file) or to create
 * without bound, and requests that try to forge the store's logs: each is refused with a clear code,
 * costs what it is worth, and leaves nothing behind.
 */
class HostileRequestsTest extends StoreTestBase {

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return builder.property("litevfs.server.limits.max-upload-pages", "2MB")
                .property("litevfs.server.limits.max-page-answer-size", "1MB")
                .property("litevfs.server.limits.max-database-size", "64MB")
                .property("litevfs.server.limits.max-databases-per-cluster", "3");
    }

    @Test
    void aPageNamedManyTimesIsAnsweredOnceAndAnAnswerPastTheBoundIsRefused() {
        String db = freshName();
        TestDatabase local = new TestDatabase(65536);
        Map<Integer, byte[]> pages = new HashMap<>();
        for (int pgno = 1; pgno <= 20; pgno++) {
            pages.put(pgno, local.content(pgno));
        }
        assertThat(http.post("/db/tx?db=" + db + "&cluster=big", local.commit(pages)).status()).isEqualTo(200);

        Http.Response repeated = http.get("/db/page?db=" + db + "&cluster=big&pgno=" + "1,".repeat(1023) + "1");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("pages").size()).as("1,024 copies of page 1").isEqualTo(1);
        assertThat(repeated.body().length).as("one page of 64 KiB in base64, not 1,024").isLessThan(90_000);

        StringBuilder many = new StringBuilder("1");
        for (int pgno = 2; pgno <= 20; pgno++) {
            many.append(',').append(pgno);
        }
        Http.Response tooMuch = http.get("/db/page?db=" + db + "&cluster=big&pgno=" + many);
        assertThat(tooMuch.status()).isEqualTo(413);
        assertThat(tooMuch.code()).isEqualTo("ETOOLARGE");
        assertThat(tooMuch.json().get("error").asString()).contains("max-page-answer-size");
    }

    @Test
    void theStreamedAnswerIsTheJsonOfItsPagesByteForByte() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2)))).status())
                .isEqualTo(200);
        Http.Response answer = http.get("/db/page?db=" + db + "&pgno=2,1,9");
        byte[] expected = Http.JSON.writeValueAsBytes(new PagesResponse(List.of(
                new PageData(2, local.page(2)), new PageData(1, local.page(1)))));
        assertThat(answer.body()).isEqualTo(expected);
        Http.Response none = http.get("/db/page?db=" + db + "&pgno=9");
        assertThat(none.body()).isEqualTo(Http.JSON.writeValueAsBytes(new PagesResponse(List.of())));
    }

    @Test
    void aCompressedUploadThatWouldExpandPastTheBoundIsRefusedAndLeavesNothing() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(4096);
        Map<Integer, byte[]> zeros = new HashMap<>();
        for (int pgno = 1; pgno <= 1024; pgno++) {
            zeros.put(pgno, new byte[4096]);
        }
        byte[] compressed = local.commit(zeros, 1024, LtxHeader.FLAG_COMPRESS_LZ4);
        assertThat(compressed.length).as("4 MiB of pages in a small file").isLessThan(128 << 10);

        Http.Response refused = http.post("/db/tx?db=" + db, compressed);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("ETOOLARGE");
        assertThat(refused.json().get("error").asString()).contains("max-upload-pages");
        assertNothingLeftOf(db);
    }

    @Test
    void anUploadMakingTheDatabaseLargerThanTheBoundIsRefused() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(65536);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
        String before = http.get("/pos").json().get(db).toString();
        byte[] huge = local.commit(Map.of(1, local.content(2)), 2_000, 0);
        Http.Response refused = http.post("/db/tx?db=" + db, huge);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("error").asString()).contains("max-database-size");
        assertThat(http.get("/pos").json().get(db).toString()).isEqualTo(before);
    }

    @Test
    void refusedUploadsCreateNoDatabaseAndAClusterHasABoundedNumber() throws Exception {
        for (int i = 0; i < 20; i++) {
            String db = freshName();
            assertThat(http.post("/db/tx?db=" + db + "&cluster=few", "not an LTX file".getBytes()).status()).isEqualTo(400);
            assertNothingLeftOf(db);
        }
        assertThat(http.get("/pos?cluster=few").json().size()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/lease?db=" + freshName() + "&cluster=few&duration=1000", new byte[0]).status())
                    .isEqualTo(200);
        }
        Http.Response fourth = http.post("/lease?db=" + freshName() + "&cluster=few&duration=1000", new byte[0]);
        assertThat(fourth.status()).isEqualTo(403);
        assertThat(fourth.code()).isEqualTo("ETOOMANYDBS");
        assertThat(http.get("/pos?cluster=few").json().size()).isEqualTo(3);
    }

    @Test
    void namesThatTryToForgeALogLineAreEscapedInTheAnswer() {
        Http.Response refused = http.get("/pos?cluster=evil%0A12:00:00.000%20INFO%20fake%20line");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).doesNotContain("\n").contains("\\u000a");
    }

    private void assertNothingLeftOf(String db) throws Exception {
        assertThat(http.get("/pos").json().has(db)).as("listed").isFalse();
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            assertThat(paths.map(Path::toString).filter(path -> path.contains(db)).toList()).as("on disk").isEmpty();
        }
        try (Stream<Path> incoming = Files.list(dataDirectory.resolve("incoming"))) {
            assertThat(incoming.toList()).as("received files").isEmpty();
        }
    }
}
