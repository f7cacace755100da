package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketRequests;
import io.litevfs.store.s3.ListedObject;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two store replicas on one bucket of a real S3 protocol server: commits through either are ordered by
 * the bucket, leases are one record both read, and each serves what the other committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketReplicasTest {

    Path directory;
    S3Server s3;
    LiteVfsServer a;
    LiteVfsServer b;
    Http httpA;
    Http httpB;
    String prefix = "replicas-" + UUID.randomUUID() + "/";

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        S3Server.credentials();
        s3 = S3Server.start(directory.resolve("s3"));
        int portA = freePort();
        int portB = freePort();
        // A polls rarely: what it learns of B's commits within a second it learns from B's notification.
        a = replica("a", portA, Duration.ofMinutes(5), portB);
        b = replica("b", portB, Duration.ofMillis(200), portA);
        httpA = new Http(a.url());
        httpB = new Http(b.url());
    }

    private LiteVfsServer replica(String name, int port, Duration poll, int peerPort) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve(name)).openAccess().port(port)
                .property("litevfs.server.s3.poll-interval", poll.toMillis() + "ms")
                .property("litevfs.server.peers", "http://127.0.0.1:" + peerPort);
        s3.storeProperties(prefix).forEach(builder::property);
        return builder.start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing the others matters more
            }
        }
        s3.close();
    }

    @Test
    void whatOneReplicaCommitsTheOtherServes() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        assertThat(httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2)))).status())
                .isEqualTo(200);
        Http.Response pages = httpB.get("/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=2,1");
        assertThat(pages.status()).isEqualTo(200);
        assertThat(pages.json().get("pages").get(0).get("data").asString()).isNotEmpty();
        assertThat(httpB.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(3)))).status()).isEqualTo(200);
        assertThat(httpA.get("/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=2").status()).isEqualTo(200);
    }

    @Test
    void aCommitThroughOneReplicaReachesTheOtherAtOnce() throws InterruptedException {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        httpA.awaitPosition(db, local, Duration.ofSeconds(5));
        assertThat(httpB.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))).status()).isEqualTo(200);
        long started = System.nanoTime();
        httpA.awaitPosition(db, local, Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("A polls every 5 minutes; the peer told it")
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void writersContendingThroughBothReplicasNeverCommitOneTxidTwice() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        int rounds = 20;
        for (int round = 0; round < rounds; round++) {
            TestDatabase viaA = local.copy();
            TestDatabase viaB = local.copy();
            byte[] fileA = viaA.commit(Map.of(1, viaA.content(1000 + round)));
            byte[] fileB = viaB.commit(Map.of(1, viaB.content(2000 + round)));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Http.Response> answerA = CompletableFuture.supplyAsync(() -> await(go, () -> httpA.post("/db/tx?db=" + db, fileA)));
            CompletableFuture<Http.Response> answerB = CompletableFuture.supplyAsync(() -> await(go, () -> httpB.post("/db/tx?db=" + db, fileB)));
            go.countDown();
            List<Integer> statuses = List.of(answerA.get().status(), answerB.get().status());
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
            Http.Response lost = statuses.get(0) == 409 ? answerA.get() : answerB.get();
            assertThat(lost.code()).isEqualTo("EPOSMISMATCH");
            local = statuses.get(0) == 200 ? viaA : viaB;
            assertThat(lost.json().get("pos").get("txid").asString()).isEqualTo(local.pos().txid().toString());
        }
        try (Bucket bucket = TestBuckets.connect(s3, prefix)) {
            List<ListedObject> uploads = bucket.list("clusters/default/dbs/" + db + "/ltx/", null);
            assertThat(uploads).hasSize(rounds + 1);
        }
        httpA.awaitPosition(db, local, Duration.ofSeconds(5));
        httpB.awaitPosition(db, local, Duration.ofSeconds(5));
    }

    @Test
    void aCommitUnderTheLeaseCostsOneConditionalPutAndOneLeaseRead() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        String lease = httpA.post("/lease?db=" + db + "&duration=60000", new byte[0]).json().get("id").asString();
        Http leased = httpA.with(LfscHeaders.LEASE_ID, lease);
        assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
        BucketRequests before = a.component(Bucket.class).map(Bucket::requests).orElseThrow();
        int commits = 10;
        for (int i = 0; i < commits; i++) {
            assertThat(leased.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(10 + i)))).status()).isEqualTo(200);
        }
        BucketRequests spent = a.component(Bucket.class).map(Bucket::requests).orElseThrow().since(before);
        assertThat(spent.gets()).as("per commit, one read of the lease it names").isEqualTo(commits);
        assertThat(spent.puts()).as("per commit, one create of the upload").isEqualTo(commits);
        assertThat(spent.heads() + spent.lists() + spent.deletes()).as("no create sent twice, no listing").isZero();
    }

    @Test
    void aRestoreThroughOneReplicaIsWhatTheOtherServes() throws InterruptedException {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        assertThat(httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2)))).status())
                .isEqualTo(200);
        byte[] before = httpA.get("/db/snapshot?db=" + db + "&format=sqlite").body();
        assertThat(httpA.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(3), 3, local.content(4)))).status())
                .isEqualTo(200);
        Http.Response restored = httpA.post("/db/restore?db=" + db + "&txid=0000000000000001", new byte[0]);
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.json().get("txID").asString()).isEqualTo("0000000000000003");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!httpB.get("/pos").json().path(db).path("txid").asString("").equals("0000000000000003")) {
            assertThat(System.nanoTime()).as("replica B reached the restore").isLessThan(deadline);
            Thread.sleep(20);
        }
        byte[] onB = httpB.get("/db/snapshot?db=" + db + "&format=sqlite").body();
        assertThat(onB).hasSize(before.length);
        assertThat(java.util.Arrays.copyOfRange(onB, 512, onB.length))
                .isEqualTo(java.util.Arrays.copyOfRange(before, 512, before.length));
    }

    /** A point is looked for in the bucket before a replica that has not seen the database says it does not exist. */
    @Test
    void aPointOfADatabaseOnlyTheOtherReplicaWroteIsFound() {
        for (int round = 0; round < 5; round++) {
            String db = freshName();
            TestDatabase local = new TestDatabase(512);
            assertThat(httpB.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(round)))).status()).isEqualTo(200);
            Http.Response byTxid = httpA.get("/db/restore/check?db=" + db + "&txid=0000000000000001");
            assertThat(byTxid.status()).as(byTxid.text()).isEqualTo(200);
            Http.Response byTime = httpA.get("/db/restore/check?db=" + db + "&timestamp=" + java.time.Instant.now());
            assertThat(byTime.status()).as(byTime.text()).isEqualTo(200);
            assertThat(byTime.json().get("txID").asString()).isEqualTo("0000000000000001");
        }
    }

    /**
     * A sync, through a replica without peers, of a database only another replica has written (before the
     * first one's next poll) finds it in the bucket: never "empty at position zero", which a node behind a
     * round-robin balancer would read as an empty database.
     */
    @Test
    void aSyncOfADatabaseOnlyTheOtherReplicaWroteIsNeverAnsweredAsEmpty() {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("no-peers")).openAccess()
                .property("litevfs.server.s3.poll-interval", Duration.ofMinutes(5).toMillis() + "ms");
        s3.storeProperties(prefix).forEach(builder::property);
        try (LiteVfsServer unpeered = builder.start()) {
            syncsThroughAReplicaWithoutPeersFindTheDatabase(new Http(unpeered.url()));
        }
    }

    private void syncsThroughAReplicaWithoutPeersFindTheDatabase(Http httpA) {
        for (int round = 0; round < 10; round++) {
            String db = freshName();
            TestDatabase local = new TestDatabase(512);
            assertThat(httpB.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(round)))).status()).isEqualTo(200);
            String zero = "{\"txid\":\"0000000000000000\",\"postApplyChecksum\":\"0000000000000000\"}";
            Http.Response batch = httpA.send(httpA.request("/sync").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"positions\":{\"" + db + "\":" + zero + "}}")));
            assertThat(Http.JSON.treeToValue(batch.json().get("changes").get(db).get("pos"), Pos.class))
                    .as("POST /sync, round %d", round).isEqualTo(local.pos());
            String other = freshName();
            TestDatabase second = new TestDatabase(512);
            assertThat(httpB.post("/db/tx?db=" + other, second.commit(Map.of(1, second.content(round + 50)))).status())
                    .isEqualTo(200);
            Http.Response single = httpA.get("/db/sync?db=" + other);
            assertThat(single.json().get("all").asBoolean()).as("GET /db/sync, round %d: %s", round, single.text()).isTrue();
            assertThat(Http.JSON.treeToValue(single.json().get("pos"), Pos.class).txid().value()).isEqualTo(1);
        }
    }

    /** On a bucket too, an upload whose page 1 declares another page size than its pages is refused. */
    @Test
    void aPageOneDeclaringAnotherPageSizeIsRefusedOnABucket() {
        String db = freshName();
        TestDatabase local = new TestDatabase(4096);
        assertThat(httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, sqliteHeader(4096)))).status()).isEqualTo(200);
        Pos before = local.pos();
        Http.Response refused = httpB.post("/db/tx?db=" + db, local.copy().commit(Map.of(1, sqliteHeader(8192))));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("EBADHEADER");
        assertThat(Http.JSON.treeToValue(httpA.get("/pos").json().get(db), Pos.class)).isEqualTo(before);
    }

    /** A 4096-byte page starting like a SQLite database that declares {@code declared}-byte pages. */
    private static byte[] sqliteHeader(int declared) {
        return TestDatabase.declaringPageSize(new byte[4096], declared);
    }

    @Test
    void learningOfAnotherReplicasCommitCostsOneListingAndOneDownload() throws InterruptedException {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));
        httpB.awaitPosition(db, local, Duration.ofSeconds(5));
        BucketRequests before = a.component(Bucket.class).map(Bucket::requests).orElseThrow();
        assertThat(httpB.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))).status()).isEqualTo(200);
        httpA.awaitPosition(db, local, Duration.ofSeconds(5));
        assertThat(a.component(Bucket.class).map(Bucket::requests).orElseThrow().since(before))
                .as("A, told by B, lists the database's folder once (uploads and snapshots) and downloads the upload")
                .isEqualTo(new BucketRequests(0, 1, 1, 0, 0));
    }

    @Test
    void oneLeaseForBothReplicas() {
        String db = freshName();
        Http.Response granted = httpA.post("/lease?db=" + db + "&duration=60000", new byte[0]);
        assertThat(granted.status()).isEqualTo(200);
        String id = granted.json().get("id").asString();
        Http.Response second = httpB.post("/lease?db=" + db + "&duration=1000", new byte[0]);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("ELEASEEXISTS");

        TestDatabase local = new TestDatabase(512);
        byte[] file = local.commit(Map.of(1, local.content(1)));
        assertThat(httpB.post("/db/tx?db=" + db, file).code()).isEqualTo("ELEASEEXISTS");
        assertThat(httpB.with("Lfsc-Lease-Id", id).post("/db/tx?db=" + db, file).status()).isEqualTo(200);
        assertThat(httpB.post("/lease?db=" + db + "&id=" + id + "&duration=60000", new byte[0]).status()).isEqualTo(200);
        assertThat(httpB.delete("/lease?db=" + db + "&id=" + id).status()).isEqualTo(200);
        assertThat(httpA.delete("/lease?db=" + db + "&id=" + id).code()).isEqualTo("ENOLEASE");
        assertThat(httpA.post("/lease?db=" + db + "&duration=1000", new byte[0]).status()).isEqualTo(200);
    }

    @Test
    void aReplicaStartedOnAnEmptyDiskServesEveryDatabaseAndEveryLease() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        httpA.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2))));
        httpB.post("/db/tx?db=" + db, local.commit(Map.of(3, local.content(3))));
        String leased = freshName();
        String id = httpA.post("/lease?db=" + leased + "&duration=60000", new byte[0]).json().get("id").asString();
        try (LiteVfsServer fresh = replica("fresh-" + UUID.randomUUID(), 0, Duration.ofSeconds(1), 1)) {
            Http http = new Http(fresh.url());
            assertThat(http.get("/pos").json().get(db).get("txid").asString()).isEqualTo(local.pos().txid().toString());
            Http.Response pages = http.get("/db/page?db=" + db + "&pos=" + local.pos() + "&pgno=1,2,3");
            assertThat(pages.status()).isEqualTo(200);
            assertThat(pages.json().get("pages").size()).isEqualTo(3);
            assertThat(http.post("/lease?db=" + leased + "&id=" + id + "&duration=1000", new byte[0]).status())
                    .as("the lease survives in the bucket").isEqualTo(200);
        }
    }

    private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> action) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return action.get();
    }

    static String freshName() {
        return "db-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
