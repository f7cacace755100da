package io.litevfs.server;

import io.litevfs.protocol.ltx.Fixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens per cluster, cluster isolation, name validation, and the open mode's loopback rule. */
class AccessTest extends StoreTestBase {

    private static final String TOKEN_A = "FlyV1 token-for-cluster-a";
    private static final String TOKEN_B = "token-for-cluster-b";
    private static final String ORG_TOKEN = "organisation-token";

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return LiteVfsServer.builder().dataDirectory(dataDirectory)
                .token("cluster-a", TOKEN_A).token("cluster-b", TOKEN_B).token("*", ORG_TOKEN);
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() {
        assertRefused(http.get("/pos"), 401, "EINVALIDAUTH");
        assertRefused(http.with("Authorization", "wrong").get("/pos"), 401, "EINVALIDAUTH");
        assertRefused(http.with("Authorization", "Bearer " + TOKEN_B).get("/pos"), 401, "EINVALIDAUTH");
        assertRefused(http.post("/db/tx?db=x", Fixtures.bytes("v1-snapshot-plain.ltx")), 401, "EINVALIDAUTH");
    }

    @Test
    void theTokenIsCheckedBeforeAnythingElseTheRequestSays() {
        assertRefused(http.get("/pos?cluster=not%20a%20cluster%0Aforged"), 401, "EINVALIDAUTH");
        assertRefused(http.with("Authorization", TOKEN_A).get("/pos?cluster=not%20a%20cluster%0Aforged"), 400, "EBADCLUSTER");
    }

    @Test
    void clustersAreIsolated() {
        Http a = http.with("Authorization", TOKEN_A);
        Http b = http.with("Authorization", TOKEN_B);
        String db = freshName();
        assertThat(a.post("/db/tx?db=" + db, Fixtures.bytes("v1-snapshot-plain.ltx")).status()).isEqualTo(200);

        assertThat(a.get("/pos").json().has(db)).isTrue();
        assertThat(b.get("/pos").json().has(db)).isFalse();
        assertRefused(b.get("/db/page?db=" + db + "&pos=0000000000000001/e9a99638f9eddcad&pgno=1"), 404, "ENODB");
        assertRefused(a.get("/pos?cluster=cluster-b"), 401, "EINVALIDAUTH");
        assertThat(b.post("/db/tx?db=" + db, Fixtures.bytes("v1-snapshot-plain.ltx")).status()).isEqualTo(200);
    }

    @Test
    void anOrganisationTokenNeedsAClusterParameter() {
        Http org = http.with("Authorization", ORG_TOKEN);
        assertRefused(org.get("/pos"), 400, "EBADCLUSTER");
        String db = freshName();
        http.with("Authorization", TOKEN_A).post("/db/tx?db=" + db, Fixtures.bytes("v1-snapshot-plain.ltx"));
        assertThat(org.get("/pos?cluster=cluster-a").json().has(db)).isTrue();
    }

    @Test
    void invalidNamesAreRefusedAndNothingLeavesTheDataDirectory() throws Exception {
        Http a = http.with("Authorization", TOKEN_A);
        byte[] snapshot = Fixtures.bytes("v1-snapshot-plain.ltx");
        for (String name : new String[] {"..", ".", ".hidden", "..%2F..%2Fetc", "a%2Fb", "a%5Cb", "a%00b", "sp%20ace",
                "x".repeat(257), ""}) {
            assertRefused(a.post("/db/tx?db=" + name, snapshot), 400, "EBADDB");
            assertRefused(a.get("/db/sync?db=" + name), 400, "EBADDB");
            assertRefused(a.post("/lease?db=" + name + "&duration=1000", new byte[0]), 400, "EBADDB");
        }
        for (String cluster : new String[] {"..", "a%2F..", "c".repeat(33), ".x"}) {
            assertRefused(http.with("Authorization", ORG_TOKEN).get("/pos?cluster=" + cluster), 400, "EBADCLUSTER");
        }
        assertThat(a.post("/db/tx?db=" + "y".repeat(256), snapshot).status()).isEqualTo(200);
        try (Stream<Path> files = Files.walk(dataDirectory.getParent(), 1)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("etc", "b", "hidden");
        }
        try (Stream<Path> clusters = Files.list(dataDirectory.resolve("clusters"))) {
            assertThat(clusters.map(p -> p.getFileName().toString())).allMatch(Map.of("cluster-a", 1, "cluster-b", 1)::containsKey);
        }
    }

    @Test
    void tokensMayComeFromAFileKeptOffTheCommandLine(@TempDir Path elsewhere) throws Exception {
        Path tokens = elsewhere.resolve("tokens");
        Files.writeString(tokens, "# cluster token\n\nfiled FlyV1 a token with spaces\n");
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(elsewhere.resolve("data"))
                .property("litevfs.server.tokens-file", tokens.toString()).start()) {
            Http filed = new Http(store.url());
            assertRefused(filed.get("/pos"), 401, "EINVALIDAUTH");
            assertThat(filed.with("Authorization", "FlyV1 a token with spaces").get("/pos").status()).isEqualTo(200);
        }
        Files.writeString(tokens, "lonely-cluster-without-token\n");
        assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(elsewhere.resolve("data"))
                .property("litevfs.server.tokens-file", tokens.toString()).start())
                .hasStackTraceContaining("line 1 of " + tokens);
    }

    @Test
    void openModeIsRefusedOffLoopbackAndTokenlessStoresDoNotStart(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(elsewhere).host("0.0.0.0").openAccess().start())
                .hasStackTraceContaining("is refused on 0.0.0.0");
        assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(elsewhere).start())
                .hasStackTraceContaining("No access tokens are configured");
    }

    private static void assertRefused(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }
}
