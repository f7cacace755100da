package io.litevfs.server;


import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /db/tx} accepts only files that verify and continue the current position, answers each
 * refusal with its code, and leaves the database exactly as it was after a refusal.
 */
class UploadVerificationTest extends StoreTestBase {

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return builder.property("litevfs.server.max-upload-size", "64KB");
    }

    @Test
    void acceptedUploadsAnswerTheHighWaterMark() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        Http.Response response = http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Litefs-Hwm")).isEqualTo("0000000000000001");
        assertThat(response.header("Litefs-Hwm")).hasSize(16);
    }

    @Test
    void chunkedUploadsAreAcceptedLikeLiteFsSendsThem() {
        String db = freshName();
        TestDatabase local = new TestDatabase(4096);
        assertThat(http.postChunked("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2)))).status())
                .isEqualTo(200);
        assertThat(http.postChunked("/db/tx?db=" + db, local.commit(Map.of(2, local.content(3)))).status()).isEqualTo(200);
        assertThat(position(db)).isEqualTo(local.pos());
    }

    @Test
    void aFirstUploadMustBeASnapshot() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        local.commit(Map.of(1, local.content(1)));
        Http.Response response = http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2))));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("EPOSMISMATCH");
        assertThat(Http.JSON.treeToValue(response.json().get("pos"), Pos.class)).isEqualTo(Pos.ZERO);
    }

    @Test
    void aStaleWriterGetsThePositionMismatchWithTheCurrentPosition() {
        String db = freshName();
        TestDatabase writer = new TestDatabase(512);
        http.post("/db/tx?db=" + db, writer.commit(Map.of(1, writer.content(1))));
        byte[] second = writer.commit(Map.of(1, writer.content(2)));
        assertThat(http.post("/db/tx?db=" + db, second).status()).isEqualTo(200);

        Http.Response replay = http.post("/db/tx?db=" + db, second);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("EPOSMISMATCH");
        assertThat(replay.json().get("error").asString()).isEqualTo("upload of 0000000000000002-0000000000000002 applies to "
                + "position 0000000000000001/" + replayPre(second) + " but " + db + " is at " + writer.pos());
        assertThat(Http.JSON.treeToValue(replay.json().get("pos"), Pos.class)).isEqualTo(writer.pos());
    }

    @Test
    void aWrongPostApplyChecksumIsRefusedAndNothingChanges() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        Pos before = local.pos();
        LtxHeader header = LtxHeader.of(0, 512, 2, TxId.of(2), TxId.of(2), 0, before.postApplyChecksum());
        byte[] lying = TestDatabase.encode(header, Map.of(2, local.content(9)), Checksum.of(Checksum.FLAG | 12345));

        Http.Response response = http.post("/db/tx?db=" + db, lying);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("EBADCHECKSUM");
        assertUnchanged(db, before, local);
    }

    @Test
    void aGrowingDatabaseMustReceiveEveryNewPage() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        Pos before = local.pos();
        byte[] gap = new TestDatabaseCopy(local).commitSkipping(3);

        Http.Response response = http.post("/db/tx?db=" + db, gap);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("EMISSINGPAGES");
        assertThat(response.json().get("error").asString()).contains("page 2 is missing");
        assertUnchanged(db, before, local);
    }

    @Test
    void aPageSizeChangeIsRefused() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        LtxHeader header = LtxHeader.of(0, 1024, 1, TxId.of(2), TxId.of(2), 0, local.pos().postApplyChecksum());
        byte[] page = new byte[1024];
        byte[] other = TestDatabase.encode(header, Map.of(1, page), Checksum.of(Checksum.FLAG | 1));

        Http.Response response = http.post("/db/tx?db=" + db, other);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("EBADHEADER");
    }

    @Test
    void aPageOneDeclaringAnotherPageSizeIsRefusedAndNothingChanges() {
        String db = freshName();
        TestDatabase local = new TestDatabase(4096);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, sqliteHeaderPage(4096, 4096), 2, local.content(2))));
        Pos before = local.pos();
        for (int declared : new int[] {1024, 8192, 65536}) {
            TestDatabase attempt = local.copy();
            Http.Response response = http.post("/db/tx?db=" + db, attempt.commit(Map.of(1, sqliteHeaderPage(4096, declared))));
            assertThat(response.status()).as(response.text()).isEqualTo(422);
            assertThat(response.code()).isEqualTo("EBADHEADER");
            assertThat(response.json().get("error").asString()).contains("page 1 declares a page size of " + declared);
            assertUnchanged(db, before, local);
        }
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, sqliteHeaderPage(4096, 4096)))).status())
                .as("a page 1 declaring the page size it has is accepted").isEqualTo(200);
    }

    /** A page of {@code length} bytes that starts like a SQLite database declaring {@code declared}-byte pages. */
    private static byte[] sqliteHeaderPage(int length, int declared) {
        byte[] page = TestDatabase.declaringPageSize(new byte[length], declared);
        page[24] = (byte) System.nanoTime();
        return page;
    }

    @Test
    void damagedAndMalformedFilesAreRefusedAsInvalid() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        byte[] file = local.commit(Map.of(1, local.content(1)));

        byte[] flipped = file.clone();
        flipped[200] ^= 1;
        assertRefused(db, flipped, 400, "EBADCHECKSUM");
        assertRefused(db, Arrays.copyOf(file, file.length - 5), 400, "EBADFORMAT");
        assertRefused(db, "not an ltx file at all, just some text".getBytes(), 400, "EBADFORMAT");
        assertRefused(db, new byte[0], 400, "EBADFORMAT");
        assertRefused(db, Fixtures.bytes("v1-incr-plain.ltx"), 409, "EPOSMISMATCH");
        assertThat(http.get("/pos").json().has(db)).as("refused uploads create no database").isFalse();

        assertThat(http.post("/db/tx?db=" + db, file).status()).isEqualTo(200);
    }

    @Test
    void bodiesOverTheLimitGet413WithContentLengthOrChunked() {
        String db = freshName();
        TestDatabase local = new TestDatabase(65536);
        byte[] large = local.commit(Map.of(1, local.content(1), 2, local.content(2)));
        assertRefused(db, large, 413, "ETOOLARGE");
        Http.Response chunked = http.postChunked("/db/tx?db=" + db, large);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.code()).isEqualTo("ETOOLARGE");
        assertThat(http.get("/pos").json().path(db).path("txid").asString("0000000000000000")).isEqualTo("0000000000000000");
    }

    @Test
    void anUploadCutMidBodyLeavesNothingBehind() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        Pos before = local.pos();
        java.util.Map<Integer, byte[]> many = new java.util.HashMap<>();
        for (int pgno = 1; pgno <= 100; pgno++) {
            many.put(pgno, local.content(pgno + 50));
        }
        byte[] file = local.copy().commit(many);
        byte[] half = Arrays.copyOf(file, file.length / 2);

        java.io.InputStream cut = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(half), new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("connection cut by the test");
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(http.request("/db/tx?db=" + db)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> cut)))).isInstanceOf(RuntimeException.class);

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        java.nio.file.Path tmp = dataDirectory.resolve("clusters/default/dbs").resolve(db).resolve("tmp");
        while (System.nanoTime() < deadline && java.nio.file.Files.list(tmp).findAny().isPresent()) {
            Thread.sleep(20);
        }
        try (var leftovers = java.nio.file.Files.list(tmp)) {
            assertThat(leftovers).isEmpty();
        }
        assertUnchanged(db, before, local);
        assertThat(http.post("/db/tx?db=" + db, file).status()).isEqualTo(200);
    }

    @Test
    void shrinkingAndDeletingFollowTheChecksumRules() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2), 3, local.content(3))));
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(4)), 1, 0)).status()).isEqualTo(200);
        assertThat(position(db)).isEqualTo(local.pos());
        Http.Response deletion = http.post("/db/tx?db=" + db, local.commit(Map.of(), 0, 0));
        assertThat(deletion.status()).as(deletion.text()).isEqualTo(200);
        assertThat(position(db).postApplyChecksum()).isEqualTo(Checksum.EMPTY_DATABASE);
    }

    private Pos position(String db) {
        return Http.JSON.treeToValue(http.get("/pos").json().get(db), Pos.class);
    }

    private void assertRefused(String db, byte[] body, int status, String code) {
        Http.Response response = http.post("/db/tx?db=" + db, body);
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }

    private void assertUnchanged(String db, Pos before, TestDatabase local) {
        assertThat(position(db)).isEqualTo(before);
        Http.Response page = http.get("/db/page?db=" + db + "&pos=" + before + "&pgno=1");
        assertThat(page.json().get("pages").get(0).get("data").asString())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(local.page(1)));
    }

    private static String replayPre(byte[] ltx) {
        return Checksum.of(java.nio.ByteBuffer.wrap(ltx).getLong(40)).toString();
    }

    /** Builds a growing transaction that leaves out a page, which a correct writer never does. */
    private record TestDatabaseCopy(TestDatabase base) {
        byte[] commitSkipping(int commit) {
            LtxHeader header = LtxHeader.of(0, 512, commit, base.pos().txid().next(), base.pos().txid().next(), 0,
                    base.pos().postApplyChecksum());
            return TestDatabase.encode(header, Map.of(3, base.content(3)), Checksum.of(Checksum.FLAG | 7));
        }
    }
}
