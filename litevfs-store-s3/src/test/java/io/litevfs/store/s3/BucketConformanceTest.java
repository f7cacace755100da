package io.litevfs.store.s3;

import io.litevfs.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket promises the store's ordering rests on, checked against a real S3 protocol server (s3proxy).
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
        try (Bucket bucket = TestBuckets.connect(server, "conformance-test/")) {
            BucketConformance.check(bucket);
            assertThat(bucket.list("conformance/", null)).isEmpty();
        }
    }

    @Test
    void aSecondCreateOfOneKeyFailsAndKeepsTheFirst() {
        try (Bucket bucket = TestBuckets.connect(server, "second-create/")) {
            assertThat(bucket.createIfAbsent("k", "one".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(bucket.createIfAbsent("k", "two".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(new String(bucket.get("k").content(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
    }

    @Test
    void aReplaceNamingAnOlderVersionFails() {
        try (Bucket bucket = TestBuckets.connect(server, "conditional-replace/")) {
            bucket.createIfAbsent("k", "one".getBytes(StandardCharsets.UTF_8));
            StoredObject first = bucket.get("k");
            assertThat(bucket.replaceIfMatch("k", "two".getBytes(StandardCharsets.UTF_8), first.etag())).isTrue();
            assertThat(bucket.replaceIfMatch("k", "three".getBytes(StandardCharsets.UTF_8), first.etag())).isFalse();
            assertThat(new String(bucket.get("k").content(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
    }

    /**
     * Compaction deletes folded uploads while replicas list the folder to catch up: a listing must show
     * every object that exists throughout it, however many others are deleted or created meanwhile. (A
     * server that drops the rest of a listing when an entry vanishes under it makes a replica see a
     * shorter history than the bucket holds.)
     */
    @Test
    void aListingShowsEveryObjectThatStaysWhileOthersAreDeletedAndCreated() throws Exception {
        try (Bucket bucket = TestBuckets.connect(server, "listing-under-change/")) {
            byte[] content = new byte[4096];
            java.util.List<String> staying = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = String.format("k/%04d-%s", i, i % 2 == 0 ? "stays" : "goes");
                bucket.createIfAbsent(key, content);
                if (i % 2 == 0) {
                    staying.add(key);
                }
            }
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread churn = Thread.ofPlatform().start(() -> {
                for (int round = 0; !done.get(); round++) {
                    for (int i = 1; i < 100 && !done.get(); i += 2) {
                        String key = String.format("k/%04d-goes", i);
                        if (round % 2 == 0) {
                            bucket.delete(key);
                        } else {
                            bucket.createIfAbsent(key, content);
                        }
                    }
                }
            });
            try {
                for (int listing = 0; listing < 15; listing++) {
                    java.util.Set<String> listed = new java.util.HashSet<>();
                    bucket.list("k/", null).forEach(object -> listed.add(object.key()));
                    assertThat(listed).as("listing %d", listing).containsAll(staying);
                }
            } finally {
                done.set(true);
                churn.join();
            }
        }
    }

    @Test
    void anUnreachableEndpointIsUnavailableNamingIt() throws Exception {
        S3Server down = new S3Server(directory.resolve("down"), "-Xmx256m");
        try (Bucket bucket = TestBuckets.connect(down, "")) {
            assertThatThrownBy(bucket::checkReachable).isInstanceOf(BucketUnavailableException.class)
                    .hasMessageContaining(down.endpoint().toString());
        }
    }
}
