package io.litevfs.server;

import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease rules of the spec's sections 2.4 and 2.5, over HTTP. */
class LeaseTest extends StoreTestBase {

    @Test
    void acquireOnANewDatabaseCreatesItAtTheZeroPosition() {
        String db = freshName();
        Http.Response response = http.post("/lease?db=" + db + "&duration=1000", new byte[0]);
        assertThat(response.status()).isEqualTo(200);
        LeaseResponse lease = Http.JSON.readValue(response.body(), LeaseResponse.class);
        assertThat(lease.id()).isNotBlank();
        assertThat(lease.expiresAtInstant()).isBetween(Instant.now(), Instant.now().plusSeconds(2));
        assertThat(http.get("/pos").json().get(db).get("txid").asString()).isEqualTo("0000000000000000");
    }

    @Test
    void onlyOneLiveLeaseAtATime() {
        String db = freshName();
        String id = acquire(db, 60_000);
        Http.Response second = http.post("/lease?db=" + db + "&duration=1000", new byte[0]);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("ELEASEEXISTS");

        Http.Response refreshed = http.post("/lease?db=" + db + "&id=" + id + "&duration=5000", new byte[0]);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("id").asString()).isEqualTo(id);

        Http.Response wrongRefresh = http.post("/lease?db=" + db + "&id=not-the-lease&duration=1000", new byte[0]);
        assertThat(wrongRefresh.status()).isEqualTo(422);
        assertThat(wrongRefresh.code()).isEqualTo("ELEASEMISMATCH");

        assertThat(http.delete("/lease?db=" + db + "&id=" + id).status()).isEqualTo(200);
        Http.Response releasedTwice = http.delete("/lease?db=" + db + "&id=" + id);
        assertThat(releasedTwice.status()).isEqualTo(404);
        assertThat(releasedTwice.code()).isEqualTo("ENOLEASE");
        assertThat(acquire(db, 1000)).isNotEqualTo(id);
    }

    @Test
    void anExpiredLeaseCanNeitherBeRefreshedNorWrittenUnder() throws InterruptedException {
        String db = freshName();
        String id = acquire(db, 150);
        Thread.sleep(Duration.ofMillis(400));
        Http.Response refresh = http.post("/lease?db=" + db + "&id=" + id + "&duration=1000", new byte[0]);
        assertThat(refresh.status()).isEqualTo(404);
        assertThat(refresh.code()).isEqualTo("ENOLEASE");

        TestDatabase local = new TestDatabase(512);
        Http.Response write = http.with("Lfsc-Lease-Id", id).post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.code()).isEqualTo("ENOLEASE");
        assertThat(acquire(db, 1000)).isNotBlank();
    }

    @Test
    void writesFollowTheLease() {
        String db = freshName();
        String id = acquire(db, 60_000);
        TestDatabase local = new TestDatabase(512);
        byte[] file = local.commit(Map.of(1, local.content(1)));

        Http.Response withoutLease = http.post("/db/tx?db=" + db, file);
        assertThat(withoutLease.status()).isEqualTo(409);
        assertThat(withoutLease.code()).isEqualTo("ELEASEEXISTS");
        Http.Response otherLease = http.with("Lfsc-Lease-Id", "someone-else").post("/db/tx?db=" + db, file);
        assertThat(otherLease.status()).isEqualTo(422);
        assertThat(otherLease.code()).isEqualTo("ELEASEMISMATCH");
        assertThat(http.with("Lfsc-Lease-Id", id).post("/db/tx?db=" + db, file).status()).isEqualTo(200);

        http.delete("/lease?db=" + db + "&id=" + id);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))).status()).isEqualTo(200);
    }

    @Test
    void durationsAndIdsAreValidated() {
        String db = freshName();
        for (String duration : new String[] {"0", "-5", "abc", "99999999999"}) {
            Http.Response response = http.post("/lease?db=" + db + "&duration=" + duration, new byte[0]);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.code()).isEqualTo("EBADINPUT");
        }
        assertThat(http.post("/lease?db=" + db, new byte[0]).code()).isEqualTo("EBADINPUT");
        assertThat(http.delete("/lease?db=" + db).code()).isEqualTo("EBADINPUT");
    }

    private String acquire(String db, int durationMs) {
        Http.Response response = http.post("/lease?db=" + db + "&duration=" + durationMs, new byte[0]);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("id").asString();
    }
}
