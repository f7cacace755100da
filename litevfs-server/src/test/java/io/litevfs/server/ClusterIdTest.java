package io.litevfs.server;

import io.litevfs.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With enforcement on, a cluster accepts writes only from the cluster id of its first writer. */
class ClusterIdTest extends StoreTestBase {

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return builder.property("litevfs.server.enforce-cluster-id", "true");
    }

    @Test
    void writesFromAnotherClusterIdAreRefused() {
        TestDatabase local = new TestDatabase(512);
        Http first = http.with("Litefs-Cluster-Id", "LFSC1111111111111111");
        assertThat(first.post("/db/tx?db=ids", local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);

        Http.Response other = http.with("Litefs-Cluster-Id", "LFSC2222222222222222")
                .post("/db/tx?db=ids", local.copy().commit(Map.of(1, local.content(2))));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.code()).isEqualTo("EBADCLUSTERID");
        assertThat(other.json().get("error").asString()).isEqualTo("cluster id mismatch, expecting \"LFSC1111111111111111\"");

        Http.Response malformed = http.with("Litefs-Cluster-Id", "cluster-7").post("/db/tx?db=ids", new byte[0]);
        assertThat(malformed.code()).isEqualTo("EBADCLUSTERID");
        assertThat(first.post("/db/tx?db=ids", local.commit(Map.of(1, local.content(3)))).status()).isEqualTo(200);
    }
}
