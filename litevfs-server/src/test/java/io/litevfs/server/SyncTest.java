package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.SyncRequest;
import io.litevfs.protocol.wire.SyncResponse;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /db/sync} and {@code POST /sync}: changes since a client's position (spec section 2.6). */
class SyncTest extends StoreTestBase {

    @Test
    void aClientAtTheCurrentPositionHasNoChanges() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        DbChanges changes = dbSync(db, local.pos());
        assertThat(changes.pos()).isEqualTo(local.pos());
        assertThat(changes.pgnos()).isEmpty();
        assertThat(changes.refetchAll()).isFalse();
    }

    @Test
    void aClientInHistoryGetsThePagesWrittenSince() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2), 3, local.content(3))));
        Pos client = local.pos();
        http.post("/db/tx?db=" + db, local.commit(Map.of(3, local.content(4))));
        http.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(5))));
        assertThat(dbSync(db, client).pgnos()).containsExactly(2L, 3L);
        http.post("/db/tx?db=" + db, local.commit(Map.of(4, local.content(6))));
        assertThat(dbSync(db, client)).isEqualTo(DbChanges.pages(local.pos(), List.of(1L, 2L, 3L, 4L)));
    }

    /**
     * Asked with {@code checksums=true}, each listed page comes with its checksum then and now, and the pages
     * lost by shrinking are listed too, so that the changes add up to the new position's checksum; asked
     * without, the answer is LiteFS Cloud's, byte for byte.
     */
    @Test
    void changesAskedWithChecksumsAddUpToTheNewPosition() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        Map<Integer, byte[]> four = Map.of(1, local.content(1), 2, local.content(2), 3, local.content(3), 4, local.content(4));
        http.post("/db/tx?db=" + db, local.commit(four));
        Pos client = local.pos();
        http.post("/db/tx?db=" + db, local.commit(Map.of(3, local.content(5))));
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(6)), 2, 0));

        DbChanges checked = Http.JSON.readValue(http.get("/db/sync?db=" + db + "&pos=" + client + "&checksums=true").body(),
                DbChanges.class);
        assertThat(checked.pgnos()).as("written, and lost by shrinking").containsExactly(1L, 3L, 4L);
        assertThat(checked.after().get(2).isZero()).as("page 4 is past the end now").isTrue();
        long sum = client.postApplyChecksum().value();
        for (int i = 0; i < checked.pgnos().size(); i++) {
            sum ^= checked.before().get(i).value() ^ checked.after().get(i).value();
        }
        assertThat((sum ^ local.pos().postApplyChecksum().value()) & ~io.litevfs.protocol.Checksum.FLAG).isZero();
        assertThat(checked.pos()).isEqualTo(local.pos());

        String plain = http.get("/db/sync?db=" + db + "&pos=" + client).text();
        assertThat(plain).doesNotContain("before").doesNotContain("after");
        assertThat(Http.JSON.readValue(plain, DbChanges.class).pgnos()).containsExactly(1L, 3L);
    }

    /**
     * Asked with {@code page1=true}, the answer carries page 1 at its position with its checksum, so that a
     * node opening an uncached database needs one round trip; asked without, nothing of it.
     */
    @Test
    void pageOneComesWithTheChangesWhenAskedForAndOnlyThen() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(3))));
        DbChanges opening = Http.JSON.readValue(http.get("/db/sync?db=" + db + "&checksums=true&page1=true").body(),
                DbChanges.class);
        assertThat(opening.refetchAll()).isTrue();
        assertThat(opening.pos()).isEqualTo(local.pos());
        assertThat(opening.firstPage()).isNotNull();
        assertThat(opening.firstPage().data()).isEqualTo(local.content(3));
        assertThat(opening.firstPage().checksum()).isEqualTo(io.litevfs.protocol.ltx.PageChecksum.of(1, local.content(3)));
        assertThat(http.get("/db/sync?db=" + db + "&checksums=true").text()).doesNotContain("page1");
    }

    @Test
    void aClientOutsideHistoryMustDropEverything() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        assertThat(dbSync(db, Pos.ZERO)).isEqualTo(DbChanges.everything(local.pos()));
        assertThat(dbSync(db, Pos.of(1, 0x8000000000000123L))).isEqualTo(DbChanges.everything(local.pos()));
        assertThat(dbSync(db, Pos.of(9, 0x8000000000000123L))).isEqualTo(DbChanges.everything(local.pos()));
        assertThat(Http.JSON.readValue(http.get("/db/sync?db=" + db).body(), DbChanges.class))
                .isEqualTo(DbChanges.everything(local.pos()));
    }

    @Test
    void batchSyncAnswersForEveryDatabaseNamed() {
        String written = freshName();
        String unknown = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + written, local.commit(Map.of(1, local.content(1))));
        Map<String, Pos> positions = new LinkedHashMap<>();
        positions.put(written, local.pos());
        positions.put(unknown, Pos.ZERO);
        Http.Response response = http.postJson("/sync", new SyncRequest(positions));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        SyncResponse sync = Http.JSON.readValue(response.body(), SyncResponse.class);
        assertThat(sync.changes()).containsOnlyKeys(written, unknown);
        assertThat(sync.changes().get(written)).isEqualTo(DbChanges.pages(local.pos(), List.of()));
        assertThat(sync.changes().get(unknown)).isEqualTo(DbChanges.pages(Pos.ZERO, List.of()));
    }

    @Test
    void malformedSyncBodiesAreRefused() {
        Http.Response garbage = http.send(http.request("/sync").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"positions\": [1, 2")));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.code()).isEqualTo("EBADINPUT");
        Http.Response badPos = http.send(http.request("/sync").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"positions\":{\"x\":{\"txid\":\"12\",\"postApplyChecksum\":\"0000000000000000\"}}}")));
        assertThat(badPos.status()).isEqualTo(400);
        assertThat(badPos.code()).isEqualTo("EBADINPUT");
        Http.Response badName = http.postJson("/sync", new SyncRequest(Map.of("../etc", Pos.ZERO)));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.code()).isEqualTo("EBADDB");
    }

    private DbChanges dbSync(String db, Pos pos) {
        Http.Response response = http.get("/db/sync?db=" + db + "&pos=" + pos);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return Http.JSON.readValue(response.body(), DbChanges.class);
    }
}
