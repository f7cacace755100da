package io.litevfs.server;

import io.litevfs.testing.S3Server;
import io.litevfs.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket going away and coming back under a running store, and a store started on a bucket it
 * cannot use.
 */
class BucketOutageTest {

    @TempDir
    Path directory;

    @Test
    void whileTheBucketIsUnreachableWritesFailClearlyAndReadsGoOnThenItRecoversAlone() throws Exception {
        S3Server.credentials();
        try (S3Server s3 = S3Server.start(directory.resolve("s3"))) {
            LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess()
                    .property("litevfs.server.s3.poll-interval", "100ms");
            s3.storeProperties("outage/").forEach(builder::property);
            try (LiteVfsServer store = builder.start()) {
                Http http = new Http(store.url());
                TestDatabase local = new TestDatabase(512);
                assertThat(http.post("/db/tx?db=kept", local.commit(Map.of(1, local.content(1), 2, local.content(2))))
                        .status()).isEqualTo(200);

                s3.stop();
                TestDatabase attempt = local.copy();
                Http.Response write = http.post("/db/tx?db=kept", attempt.commit(Map.of(2, attempt.content(3))));
                assertThat(write.status()).isEqualTo(503);
                assertThat(write.code()).isEqualTo("ESTORAGEUNAVAILABLE");
                assertThat(write.json().get("error").asString()).contains("retry");
                assertThat(http.post("/lease?db=kept&duration=1000", new byte[0]).code()).isEqualTo("ESTORAGEUNAVAILABLE");
                Http.Response read = http.get("/db/page?db=kept&pos=" + local.pos() + "&pgno=1,2");
                assertThat(read.status()).as("reads of what the store holds go on").isEqualTo(200);
                assertThat(http.get("/pos").json().get("kept").get("txid").asString()).isEqualTo(local.pos().txid().toString());
                assertThat(http.get("/db/sync?db=kept&pos=" + local.pos()).status()).isEqualTo(200);

                s3.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Http.Response retried;
                do {
                    Thread.sleep(100);
                    TestDatabase again = local.copy();
                    retried = http.post("/db/tx?db=kept", again.commit(Map.of(2, again.content(4))));
                    if (retried.status() == 200) {
                        local = again;
                    }
                } while (retried.status() != 200 && System.nanoTime() < deadline);
                assertThat(retried.status()).as(retried.text()).isEqualTo(200);
                assertThat(http.get("/db/page?db=kept&pos=" + local.pos() + "&pgno=2").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aStoreOnABucketItCannotUseStopsWithOneLineNamingTheProperty() throws Exception {
        S3Server.credentials();
        try (S3Server s3 = S3Server.start(directory.resolve("s3"))) {
            assertThatThrownBy(() -> start(s3, Map.of("litevfs.server.s3.bucket", "")))
                    .rootCause().hasMessageContaining("litevfs.server.s3.bucket");
            assertThatThrownBy(() -> start(s3, Map.of("litevfs.server.s3.bucket", "no-such-bucket")))
                    .hasStackTraceContaining("litevfs.server.s3.bucket=no-such-bucket").hasStackTraceContaining("NoSuchBucket");
            assertThatThrownBy(() -> start(s3, Map.of("litevfs.server.s3.endpoint", "http://127.0.0.1:9")))
                    .hasStackTraceContaining("litevfs.server.s3.endpoint=http://127.0.0.1:9");
            System.setProperty("aws.secretAccessKey", "wrong");
            try {
                assertThatThrownBy(() -> start(s3, Map.of())).hasStackTraceContaining("AWS credentials")
                        .hasStackTraceContaining("403");
            } finally {
                S3Server.credentials();
            }
        }
    }

    private LiteVfsServer start(S3Server s3, Map<String, String> overrides) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("refused")).openAccess();
        s3.storeProperties("refused/").forEach(builder::property);
        overrides.forEach(builder::property);
        return builder.start();
    }
}
