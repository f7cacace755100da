package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /db/restore} and {@code GET /db/restore/check} within the history kept: the content as of a
 * point becomes the next transaction, history stays, a restore is undone by another, and every refusal
 * says why.
 */
class RestoreTest extends StoreTestBase {

    private static final int PAGE_SIZE = 512;

    @Test
    void aRestoreByTxidMakesThatContentTheNextTransactionAndCanBeUndone() {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        TestDatabase atThree = null;
        for (int i = 1; i <= 5; i++) {
            Map<Integer, byte[]> pages = i == 1 ? Map.of(1, local.content(1), 2, local.content(2))
                    : Map.of(1 + i % 2, local.content(10 * i), i + 1, local.content(20 * i));
            assertThat(http.post("/db/tx?db=" + db, local.commit(pages)).status()).isEqualTo(200);
            if (i == 3) {
                atThree = local.copy();
            }
        }
        TestDatabase atFive = local.copy();

        Http.Response restored = http.post("/db/restore?db=" + db + "&txid=0000000000000003", new byte[0]);
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.json().get("txID").asString()).isEqualTo("0000000000000006");
        assertSameContent(db, atThree);
        assertThat(http.get("/db/page?db=" + db + "&pos=" + atFive.pos() + "&pgno=6").status())
                .as("history is not rewritten").isEqualTo(200);

        Http.Response undone = http.post("/db/restore?db=" + db + "&txid=0000000000000005", new byte[0]);
        assertThat(undone.json().get("txID").asString()).isEqualTo("0000000000000007");
        assertSameContent(db, atFive);
    }

    @Test
    void aSnapshotAsOfAPointIsThatContentExactly() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2)))).status())
                .isEqualTo(200);
        TestDatabase first = local.copy();
        Thread.sleep(30);
        Instant between = Instant.now();
        Thread.sleep(30);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(3), 3, local.content(4)))).status())
                .isEqualTo(200);
        for (String point : new String[] {"txid=0000000000000001", "timestamp=" + between}) {
            byte[] then = http.get("/db/snapshot?db=" + db + "&format=sqlite&" + point).body();
            assertThat(then).as(point).hasSize(first.commit() * PAGE_SIZE);
            for (int pgno = 1; pgno <= first.commit(); pgno++) {
                assertThat(Arrays.copyOfRange(then, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE)).as("%s page %d", point, pgno)
                        .isEqualTo(first.page(pgno));
            }
        }
        Http.Response ltx = http.get("/db/snapshot?db=" + db + "&format=ltx&txid=0000000000000001");
        assertThat(ltx.status()).isEqualTo(200);
        var decoder = new io.litevfs.protocol.ltx.LtxDecoder(new java.io.ByteArrayInputStream(ltx.body()));
        assertThat(decoder.header().maxTxId().value()).isEqualTo(1);
        assertThat(http.get("/db/snapshot?db=" + db + "&txid=0000000000000009").code()).isEqualTo("ENOTXID");
        assertThat(http.get("/db/snapshot?db=" + db + "&format=sqlite").body()).as("without a point: now")
                .hasSize(local.commit() * PAGE_SIZE);
    }

    @Test
    void aTimeChoosesTheNewestPointAcceptedByThenAndTheCheckSaysWhich() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
        TestDatabase first = local.copy();
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))).status()).isEqualTo(200);

        Http.Response check = http.get("/db/restore/check?db=" + db + "&timestamp=" + between);
        assertThat(check.status()).as(check.text()).isEqualTo(200);
        assertThat(check.json().get("txID").asString()).isEqualTo("0000000000000001");
        assertThat(Instant.parse(check.json().get("timestamp").asString())).isBefore(between);

        Http.Response restored = http.post("/db/restore?db=" + db + "&timestamp=" + between, new byte[0]);
        assertThat(restored.json().get("txID").asString()).isEqualTo("0000000000000003");
        assertSameContent(db, first);
    }

    @Test
    void thePointsAndTheirTimesSurviveARestartOfTheStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere)
            throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        Instant between;
        TestDatabase first;
        try (LiteVfsServer before = LiteVfsServer.builder().dataDirectory(elsewhere).openAccess().start()) {
            Http http = new Http(before.url());
            assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
            first = local.copy();
            Thread.sleep(1100);
            between = Instant.now();
            Thread.sleep(1100);
            assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))).status()).isEqualTo(200);
        }
        try (LiteVfsServer after = LiteVfsServer.builder().dataDirectory(elsewhere).openAccess().start()) {
            Http http = new Http(after.url());
            Http.Response check = http.get("/db/restore/check?db=" + db + "&timestamp=" + between);
            assertThat(check.status()).as(check.text()).isEqualTo(200);
            assertThat(check.json().get("txID").asString()).isEqualTo("0000000000000001");
            byte[] then = http.get("/db/snapshot?db=" + db + "&format=sqlite&timestamp=" + between).body();
            assertThat(then).isEqualTo(first.page(1));
        }
    }

    /**
     * A long run under a short retention: every point still kept reads as the model says, positions folded
     * away are refused naming the oldest point, and no gap opens between the snapshot and what follows.
     */
    @Test
    void everyKeptPointOfALongRunMatchesTheModelAndFoldedOnesAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere)
            throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        java.util.List<TestDatabase> model = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(elsewhere).openAccess()
                .retention(java.time.Duration.ofSeconds(1)).property("litevfs.server.compaction-interval", "200ms")
                .start()) {
            Http http = new Http(store.url());
            for (int i = 0; i < 40; i++) {
                Map<Integer, byte[]> pages = new java.util.HashMap<>();
                int commit = Math.max(1, local.commit());
                for (int n = 0; n < 1 + random.nextInt(3); n++) {
                    pages.put(1 + random.nextInt(commit), local.content(random.nextInt()));
                }
                if (i % 4 == 0) {
                    pages.put(local.commit() + 1, local.content(random.nextInt()));
                }
                assertThat(http.post("/db/tx?db=" + db, local.commit(pages)).status()).isEqualTo(200);
                model.add(local.copy());
                Thread.sleep(50);
            }
            int kept = 0;
            boolean foldedFound = false;
            for (int txid = model.size(); txid >= 1; txid--) {
                Http.Response snapshot = http.get("/db/snapshot?db=" + db + "&format=sqlite&txid=" + String.format("%016x", txid));
                if (snapshot.status() == 404) {
                    assertThat(snapshot.code()).isEqualTo("ENOTXID");
                    assertThat(snapshot.text()).contains("the oldest kept is TXID");
                    foldedFound = true;
                    continue;
                }
                assertThat(foldedFound).as("TXID %d kept below a folded one: a gap", txid).isFalse();
                kept++;
                TestDatabase expected = model.get(txid - 1);
                byte[] then = snapshot.body();
                assertThat(then).as("TXID %d", txid).hasSize(expected.commit() * PAGE_SIZE);
                for (int pgno = 1; pgno <= expected.commit(); pgno++) {
                    assertThat(Arrays.copyOfRange(then, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE))
                            .as("TXID %d page %d", txid, pgno).isEqualTo(expected.page(pgno));
                }
            }
            assertThat(foldedFound).as("the oldest points were folded away").isTrue();
            assertThat(kept).as("the points of the last second, and the snapshot before them").isGreaterThan(1);
        }
    }

    @Test
    void refusalsNameTheOldestPointTheFutureOrTheMissingDatabase() {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        Instant before = Instant.now().minusSeconds(60);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);

        Http.Response tooOld = http.post("/db/restore?db=" + db + "&timestamp=" + before, new byte[0]);
        assertThat(tooOld.status()).isEqualTo(404);
        assertThat(tooOld.code()).isEqualTo("ENOTXID");
        assertThat(tooOld.text()).contains("the oldest kept is TXID 0000000000000001");
        Http.Response future = http.post("/db/restore?db=" + db + "&timestamp=" + Instant.now().plusSeconds(3600), new byte[0]);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.text()).contains("in the future");
        assertThat(http.post("/db/restore?db=" + db + "&txid=0000000000000009", new byte[0]).code()).isEqualTo("ENOTXID");
        assertThat(http.post("/db/restore?db=" + db + "&timestamp=yesterday", new byte[0]).code()).isEqualTo("EBADINPUT");
        assertThat(http.post("/db/restore?db=" + db, new byte[0]).code()).isEqualTo("EBADINPUT");
        assertThat(http.post("/db/restore?db=" + freshName() + "&txid=0000000000000001", new byte[0]).code())
                .isEqualTo("ENODB");
        assertThat(position(db)).as("nothing changed").isEqualTo(local.pos());
    }

    @Test
    void anotherWritersLeaseRefusesARestoreUnlessItIsNamed() {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2))));
        String lease = http.post("/lease?db=" + db + "&duration=60000", new byte[0]).json().get("id").asString();
        assertThat(http.post("/db/restore?db=" + db + "&txid=0000000000000001", new byte[0]).code()).isEqualTo("ELEASEEXISTS");
        assertThat(http.with("Lfsc-Lease-Id", lease).post("/db/restore?db=" + db + "&txid=0000000000000001", new byte[0])
                .status()).isEqualTo(200);
    }

    /** The database now holds {@code expected}'s pages, page 1's change counter and schema cookie apart. */
    private void assertSameContent(String db, TestDatabase expected) {
        byte[] now = http.get("/db/snapshot?db=" + db + "&format=sqlite").body();
        assertThat(now).hasSize(expected.commit() * PAGE_SIZE);
        for (int pgno = 1; pgno <= expected.commit(); pgno++) {
            byte[] page = Arrays.copyOfRange(now, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE);
            byte[] wanted = expected.page(pgno).clone();
            if (pgno == 1) {
                for (int offset : new int[] {24, 40, 92}) {
                    System.arraycopy(page, offset, wanted, offset, 4);
                }
            }
            assertThat(page).as("page %d", pgno).isEqualTo(wanted);
        }
    }

    private Pos position(String db) {
        try {
            return Http.JSON.treeToValue(http.get("/pos").json().get(db), Pos.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
