package io.litevfs.server;


import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileSummary;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests LiteVFS 0.1.1 and LiteFS 0.5's backup client send, header for header, and their answers
 * read the way those clients read them: exact JSON keys (LiteVFS matches keys exactly and cannot read
 * {@code null}), 16-digit hex text, and the {@code Litefs-Hwm} header LiteFS requires.
 */
class ClientContractTest extends StoreTestBase {

    private static final String TOKEN = "FlyV1 fm2_lJPECAAAAAAAAMqrxBAIjOp1cJZVbmv1dZYhuZ6p";
    private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return LiteVfsServer.builder().dataDirectory(dataDirectory).token("demo", TOKEN);
    }

    private Http liteVfs() {
        return http.with("Authorization", TOKEN).with("User-Agent", "LiteVFS/0.1.1")
                .with("Litefs-Cluster-Id", "LFSC7F3A9C0B12DE4A51");
    }

    private Http liteFs() {
        return http.with("Authorization", TOKEN).with("Litefs-Cluster-Id", "LFSC00000000DEADBEEF");
    }

    @Test
    void liteFsBackupLoop() throws IOException {
        String db = "litefs.db";
        JsonNode positions = liteFs().get("/pos?cluster=demo").json();
        assertThat(positions.has(db)).isFalse();

        Http.Response upload = liteFs().postChunked("/db/tx?cluster=demo&db=" + db, Fixtures.bytes("v1-compacted-1-3-lz4.ltx"));
        assertThat(upload.status()).isEqualTo(200);
        assertThat(upload.header("Litefs-Hwm")).matches(HEX16).isEqualTo("0000000000000003");

        JsonNode pos = liteFs().get("/pos?cluster=demo").json().get(db);
        assertPosShape(pos);
        assertThat(pos.get("txid").asString()).isEqualTo("0000000000000003");
        assertThat(pos.get("postApplyChecksum").asString()).isEqualTo("9a79c10ddddddddd");

        Http.Response stale = liteFs().postChunked("/db/tx?cluster=demo&db=" + db, Fixtures.bytes("v1-incr-lz4.ltx"));
        assertThat(stale.status()).isEqualTo(409);
        JsonNode error = stale.json();
        assertThat(fieldNames(error)).isEqualTo(Set.of("code", "error", "pos"));
        assertThat(error.get("code").asString()).isEqualTo("EPOSMISMATCH");
        assertPosShape(error.get("pos"));

        Http.Response snapshot = liteFs().get("/db/snapshot?cluster=demo&db=" + db);
        assertThat(snapshot.header("Content-Type")).isEqualTo("application/octet-stream");
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(snapshot.body()));
        assertThat(summary.header().minTxId().value()).isEqualTo(1);
        assertThat(summary.header().maxTxId().value()).isEqualTo(3);

        assertThat(liteFs().get("/hwm?cluster=demo").json().get(db).asString()).isEqualTo("0000000000000003");
    }

    @Test
    void liteVfsSession() {
        String db = "litevfs.db";
        Http.Response acquired = liteVfs().post("/lease?cluster=demo&db=" + db + "&duration=1000", new byte[0]);
        assertThat(acquired.status()).isEqualTo(200);
        JsonNode lease = acquired.json();
        assertThat(fieldNames(lease)).isEqualTo(Set.of("id", "expires_at"));
        java.time.Instant.parse(lease.get("expires_at").asString());
        String id = lease.get("id").asString();

        JsonNode changes = liteVfs().get("/db/sync?cluster=demo&db=" + db).json();
        assertThat(fieldNames(changes)).containsExactlyInAnyOrder("pos", "pgnos");
        assertPosShape(changes.get("pos"));

        TestDatabase local = new TestDatabase(4096);
        byte[] first = local.commit(Map.of(1, local.content(1), 2, local.content(2)));
        Http.Response commit = liteVfs().with("Lfsc-Lease-Id", id).post("/db/tx?cluster=demo&db=" + db, first);
        assertThat(commit.status()).isEqualTo(200);

        JsonNode refreshed = liteVfs().post("/lease?cluster=demo&db=" + db + "&id=" + id + "&duration=1000", new byte[0]).json();
        assertThat(refreshed.get("id").asString()).isEqualTo(id);

        String sync = "{\"positions\":{\"" + db + "\":{\"txid\":\"0000000000000000\",\"postApplyChecksum\":\"0000000000000000\"}}}";
        JsonNode all = liteVfs().send(liteVfs().request("/sync?cluster=demo").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sync))).json().get("changes").get(db);
        assertThat(fieldNames(all)).isEqualTo(Set.of("pos", "all"));
        assertThat(all.get("all").asBoolean()).isTrue();

        Http.Response pages = liteVfs().get("/db/page?cluster=demo&db=" + db + "&pos=" + local.pos() + "&pgno=2,1,3");
        JsonNode page = pages.json().get("pages").get(0);
        assertThat(fieldNames(page)).isEqualTo(Set.of("pgno", "data"));
        assertThat(page.get("pgno").asLong()).isEqualTo(2);
        assertThat(java.util.Base64.getDecoder().decode(page.get("data").asString())).isEqualTo(local.page(2));

        assertThat(liteVfs().delete("/lease?cluster=demo&db=" + db + "&id=" + id).status()).isEqualTo(200);
        JsonNode info = liteVfs().get("/info?cluster=demo").json();
        assertThat(info.get("clusterID").asString()).matches("LFSC[0-9A-F]{16}");
    }

    @Test
    void errorBodiesAreJsonWithoutNullFields() {
        for (Http.Response response : new Http.Response[] {
                liteVfs().get("/db/page?cluster=demo&db=missing&pos=0000000000000001/8000000000000001&pgno=1"),
                liteVfs().delete("/lease?cluster=demo&db=missing&id=x"),
                http.get("/pos")}) {
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.text()).doesNotContain("null");
            assertThat(fieldNames(response.json())).isEqualTo(Set.of("code", "error"));
        }
    }

    private static void assertPosShape(JsonNode pos) {
        assertThat(fieldNames(pos)).isEqualTo(Set.of("txid", "postApplyChecksum"));
        assertThat(pos.get("txid").asString()).matches(HEX16);
        assertThat(pos.get("postApplyChecksum").asString()).matches(HEX16);
    }

    private static Set<String> fieldNames(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }
}
