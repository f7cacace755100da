package io.litevfs.server;

import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketRequests;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind on a bucket ({@code litevfs.server.s3.durability=local-disk}), two replicas of a real S3
 * protocol server: a write under a lease is acknowledged once on the replica's disk and reaches the
 * bucket within half the limit; the next writer waits until it has; a replica stopped before putting
 * its writes in the bucket puts them there when it starts again on its disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteBehindTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration SKEW = Duration.ofMillis(100);

    Path directory;
    S3Server s3;
    LiteVfsServer a;
    LiteVfsServer b;
    Http httpA;
    Http httpB;
    String prefix = "write-behind-" + UUID.randomUUID() + "/";

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        S3Server.credentials();
        s3 = S3Server.start(directory.resolve("s3"));
        a = replica(s3, prefix, "a");
        b = replica(s3, prefix, "b");
        httpA = new Http(a.url());
        httpB = new Http(b.url());
    }

    private LiteVfsServer replica(S3Server server, String bucketPrefix, String name) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve(name)).openAccess()
                .property("litevfs.server.s3.poll-interval", "200ms")
                .property("litevfs.server.s3.durability", "local-disk")
                .property("litevfs.server.s3.write-behind-limit", LIMIT.toMillis() + "ms")
                .property("litevfs.server.s3.max-clock-skew", SKEW.toMillis() + "ms");
        server.storeProperties(bucketPrefix).forEach(builder::property);
        return builder.start();
    }

    @AfterAll
    void stop() throws Exception {
        a.close();
        b.close();
        s3.close();
    }

    @Test
    void aCommitUnderALeaseIsAcknowledgedFromDiskAndReachesTheBucketWithinHalfTheLimit() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        Http leased = httpA.with(LfscHeaders.LEASE_ID, acquire(httpA, db));
        assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
        awaitUploadsInBucket(db, 1, LIMIT);
        BucketRequests before = a.component(Bucket.class).map(Bucket::requests).orElseThrow();
        long started = System.nanoTime();
        int commits = 10;
        for (int i = 0; i < commits; i++) {
            assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(10 + i)))).status()).isEqualTo(200);
        }
        long acknowledged = System.nanoTime();
        long leaseReads = 1 + Duration.ofNanos(acknowledged - started).toMillis() / LIMIT.dividedBy(2).toMillis();
        awaitUploadsInBucket(db, commits + 1, LIMIT);
        assertThat(Duration.ofNanos(System.nanoTime() - acknowledged)).as("in the bucket within half the limit")
                .isLessThan(LIMIT.dividedBy(2));
        BucketRequests spent = a.component(Bucket.class).map(Bucket::requests).orElseThrow().since(before);
        assertThat(spent.puts()).as("each upload put once, after its acknowledgement").isEqualTo(commits);
        assertThat(spent.heads()).isZero();
        assertThat(spent.gets()).as("the lease read at most once per half the limit, not once per commit")
                .isLessThanOrEqualTo(leaseReads);
        try (Bucket bucket = TestBuckets.connect(s3, prefix)) {
            assertThat(new String(bucket.get("clusters/default/dbs/" + db + "/LEASE").content(), StandardCharsets.UTF_8))
                    .as("the lease record says writes went behind it").contains("write-behind-ms=" + LIMIT.toMillis());
        }
        httpB.awaitPosition(db, local, Duration.ofSeconds(3));
    }

    @Test
    void aReleaseThroughAnotherReplicaHoldsTheNextWriterUntilTheWritesAreInTheBucket() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        String lease = acquire(httpA, db);
        Http leased = httpA.with(LfscHeaders.LEASE_ID, lease);
        for (int i = 0; i < 5; i++) {
            assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1 + i, local.content(i)))).status()).isEqualTo(200);
        }
        assertThat(httpB.delete("/lease?db=" + db + "&id=" + lease).status()).isEqualTo(200);
        long released = System.nanoTime();
        Http.Response refused = httpB.post("/lease?db=" + db + "&duration=60000", new byte[0]);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("ELEASEEXISTS").contains("on their way to the bucket");
        Http.Response withoutLease = httpB.post("/db/tx?db=" + db, local.copy().commit(Map.of(1, local.content(99))));
        assertThat(withoutLease.text()).as("nor may a write naming no lease slip in").contains("ELEASEEXISTS");

        String next = awaitLease(httpB, db, Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - released)).as("the write-behind limit and the clock margin")
                .isGreaterThanOrEqualTo(LIMIT.plus(SKEW).minusMillis(50));
        assertThat(httpB.with(LfscHeaders.LEASE_ID, next).post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(6))))
                .status()).as("the next writer continues every acknowledged write").isEqualTo(200);
        httpA.awaitPosition(db, local, Duration.ofSeconds(3));
    }

    @Test
    void aReleaseThroughTheReplicaThatWroteBehindFreesTheDatabaseAtOnce() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        String lease = acquire(httpA, db);
        Http leased = httpA.with(LfscHeaders.LEASE_ID, lease);
        for (int i = 0; i < 5; i++) {
            assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1 + i, local.content(i)))).status()).isEqualTo(200);
        }
        assertThat(httpA.delete("/lease?db=" + db + "&id=" + lease).status()).isEqualTo(200);
        String next = acquire(httpB, db);
        assertThat(httpB.with(LfscHeaders.LEASE_ID, next).post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(6))))
                .status()).isEqualTo(200);
    }

    @Test
    void commitsAlternatingBetweenReplicasUnderOneLeaseAllSucceed() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        String lease = acquire(httpA, db);
        for (int i = 0; i < 20; i++) {
            Http through = (i % 2 == 0 ? httpA : httpB).with(LfscHeaders.LEASE_ID, lease);
            Http.Response answer = through.post("/db/tx?db=" + db, local.commit(Map.of(1 + i % 4, local.content(i))));
            assertThat(answer.status()).as("commit %d: %s", i, answer.text()).isEqualTo(200);
        }
        httpA.awaitPosition(db, local, Duration.ofSeconds(3));
        httpB.awaitPosition(db, local, Duration.ofSeconds(3));
    }

    @Test
    void writesAReplicaAcknowledgedWhileTheBucketWasAwayReachItWhenItStartsAgainOnItsDisk() throws Exception {
        String stoppedPrefix = "stopped-" + UUID.randomUUID() + "/";
        try (S3Server away = S3Server.start(directory.resolve("s3-away"))) {
            String db = freshName();
            TestDatabase local = new TestDatabase(512);
            try (LiteVfsServer writer = replica(away, stoppedPrefix, "writer")) {
                Http http = new Http(writer.url());
                Http leased = http.with(LfscHeaders.LEASE_ID, acquire(http, db));
                assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
                away.stop();
                for (int i = 0; i < 2; i++) {
                    assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2 + i)))).status())
                            .as("acknowledged from this replica's disk while the bucket is away").isEqualTo(200);
                }
                Http.Response late;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (true) {
                    TestDatabase attempt = local.copy();
                    late = leased.post("/db/tx?db=" + db, attempt.commit(Map.of(2, attempt.content(7))));
                    if (late.status() != 200 || System.nanoTime() > deadline) {
                        break;
                    }
                    local = attempt;
                    Thread.sleep(100);
                }
                assertThat(late.status()).as("once the oldest waits half the limit, writes wait for the bucket: %s",
                        late.text()).isEqualTo(503);
            }
            away.start();
            try (LiteVfsServer restarted = replica(away, stoppedPrefix, "writer");
                 LiteVfsServer fresh = replica(away, stoppedPrefix, "fresh-disk")) {
                new Http(fresh.url()).awaitPosition(db, local, Duration.ofSeconds(3));
                new Http(restarted.url()).awaitPosition(db, local, Duration.ofSeconds(3));
            }
        }
    }

    private void awaitUploadsInBucket(String db, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos() * 3;
        try (Bucket bucket = TestBuckets.connect(s3, prefix)) {
            while (bucket.list("clusters/default/dbs/" + db + "/ltx/", null).stream()
                    .filter(object -> object.key().endsWith(".ltx")).count() < count) {
                assertThat(System.nanoTime()).as("%d uploads of %s in the bucket", count, db).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static String acquire(Http http, String db) {
        Http.Response granted = http.post("/lease?db=" + db + "&duration=60000", new byte[0]);
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        return granted.json().get("id").asString();
    }

    private static String awaitLease(Http http, String db, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Http.Response answer = http.post("/lease?db=" + db + "&duration=60000", new byte[0]);
            if (answer.status() == 200) {
                return answer.json().get("id").asString();
            }
            assertThat(System.nanoTime()).as("a lease within %s: %s", within, answer.text()).isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    private static String freshName() {
        return "wb-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
