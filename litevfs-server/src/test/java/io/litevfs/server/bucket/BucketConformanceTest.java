package io.litevfs.server.bucket;

import io.litevfs.server.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket promises the store's ordering rests on, checked against a real S3 protocol server.
 */
class BucketConformanceTest {

    @TempDir
    static Path directory;
    static S3Server server;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(directory);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void theTestServerKeepsEveryPromise() {
        try (Bucket bucket = server.bucket("conformance-test/")) {
            BucketConformance.check(bucket);
            assertThat(bucket.list("conformance/", null)).isEmpty();
        }
    }

    @Test
    void aSecondCreateOfOneKeyFailsAndKeepsTheFirst() {
        try (Bucket bucket = server.bucket("second-create/")) {
            assertThat(bucket.createIfAbsent("k", "one".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(bucket.createIfAbsent("k", "two".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(new String(bucket.get("k").content(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
    }

    @Test
    void aReplaceNamingAnOlderVersionFails() {
        try (Bucket bucket = server.bucket("conditional-replace/")) {
            bucket.createIfAbsent("k", "one".getBytes(StandardCharsets.UTF_8));
            StoredObject first = bucket.get("k");
            assertThat(bucket.replaceIfMatch("k", "two".getBytes(StandardCharsets.UTF_8), first.etag())).isTrue();
            assertThat(bucket.replaceIfMatch("k", "three".getBytes(StandardCharsets.UTF_8), first.etag())).isFalse();
            assertThat(new String(bucket.get("k").content(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
    }

    @Test
    void anUnreachableEndpointIsUnavailableNamingIt() throws Exception {
        S3Server down = new S3Server(directory.resolve("down"));
        try (Bucket bucket = down.bucket("")) {
            assertThatThrownBy(bucket::checkReachable).isInstanceOf(BucketUnavailableException.class)
                    .hasMessageContaining(down.endpoint().toString());
        }
    }
}
