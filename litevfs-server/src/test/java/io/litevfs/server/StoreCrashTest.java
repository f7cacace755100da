package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.StoreProcess;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store is killed with SIGKILL at random moments while a client streams uploads, and restarted.
 * After every restart: every acknowledged position is still in history, the store is at the last
 * acknowledged position or at the one whose upload was cut (never between), and every stored file
 * verifies. At the end the database equals the client's copy page for page.
 */
class StoreCrashTest {

    private static final int KILLS = 6;
    private static final int PAGE_SIZE = 4096;

    @TempDir
    Path directory;

    @Test
    void acknowledgedUploadsSurviveSigkillAndNothingHalfAppliedIsVisible() throws Exception {
        try (StoreProcess store = new StoreProcess(directory.resolve("data"), directory.resolve("store.log"))) {
            crashAndRestart(store, UnaryOperator.identity(), kill -> { }, this::assertEveryStoredFileVerifies);
        }
    }

    /**
     * The same on a bucket: every other restart is on an empty disk, so what survives is what the bucket
     * holds, and every object in it verifies.
     */
    @Test
    void onABucketAcknowledgedUploadsSurviveSigkillAndANewDiskServesThem() throws Exception {
        try (S3Server s3 = S3Server.start(directory.resolve("s3"))) {
            List<String> onBucket = s3.storeProperties("crash/").entrySet().stream()
                    .map(property -> "--" + property.getKey() + "=" + property.getValue()).toList();
            try (StoreProcess store = new StoreProcess(directory.resolve("data-0"), directory.resolve("store.log"), onBucket,
                    S3Server.credentialsEnvironment(), "-Xmx256m");
                 io.litevfs.store.s3.Bucket bucket = TestBuckets.connect(s3, "crash/")) {
                crashAndRestart(store, UnaryOperator.identity(), kill -> {
                    if (kill % 2 == 0) {
                        store.dataDirectory(directory.resolve("data-" + (kill + 1)));
                    }
                }, () -> assertEveryObjectVerifies(bucket));
            }
        }
    }

    /**
     * The same on a bucket with write-behind: uploads under a lease are acknowledged once on the replica's
     * disk, so every restart is on that disk, and what it had not put in the bucket yet gets there then.
     */
    @Test
    void writingBehindAcknowledgedUploadsSurviveSigkillOnTheSameDisk() throws Exception {
        try (S3Server s3 = S3Server.start(directory.resolve("s3"))) {
            List<String> onBucket = new ArrayList<>(s3.storeProperties("crash-behind/").entrySet().stream()
                    .map(property -> "--" + property.getKey() + "=" + property.getValue()).toList());
            onBucket.add("--litevfs.server.s3.durability=local-disk");
            String[] lease = {null};
            UnaryOperator<Http> underLease = http -> {
                if (lease[0] == null) {
                    lease[0] = http.post("/lease?db=crash&duration=600000", new byte[0]).json().get("id").asString();
                }
                return http.with(LfscHeaders.LEASE_ID, lease[0]);
            };
            try (StoreProcess store = new StoreProcess(directory.resolve("data"), directory.resolve("store.log"), onBucket,
                    S3Server.credentialsEnvironment(), "-Xmx256m");
                 io.litevfs.store.s3.Bucket bucket = TestBuckets.connect(s3, "crash-behind/")) {
                crashAndRestart(store, underLease, kill -> { }, () -> assertEveryObjectVerifies(bucket));
            }
            try (Stream<String> lines = Files.lines(directory.resolve("store.log"))) {
                System.out.printf("[crash] %d acknowledged uploads reached the bucket only when the store started again%n",
                        lines.filter(line -> line.contains("acknowledged before this replica stopped")).count());
            }
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private void crashAndRestart(StoreProcess store, UnaryOperator<Http> asWriter, java.util.function.IntConsumer beforeRestart,
                                 Check everyFileVerifies) throws Exception {
        Random random = new Random(ThreadLocalRandom.current().nextLong());
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        List<Pos> acknowledged = new ArrayList<>();
        int killsDuringUpload = 0;
        store.start();
        for (int kill = 0; kill < KILLS; kill++) {
            Http http = asWriter.apply(new Http(store.url()));
            AtomicBoolean killed = new AtomicBoolean();
            long delayMs = 300 + random.nextInt(1200);
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(delayMs);
                    store.kill();
                    killed.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            TestDatabase inFlight = null;
            TestDatabase before = null;
            while (true) {
                before = local.copy();
                byte[] file = local.commit(changes(local, random));
                try {
                    Http.Response response = http.post("/db/tx?db=crash", file);
                    assertThat(response.status()).as(response.text()).isEqualTo(200);
                    acknowledged.add(local.pos());
                } catch (RuntimeException connectionLost) {
                    inFlight = local;
                    break;
                }
            }
            killer.join();
            assertThat(killed).isTrue();
            beforeRestart.accept(kill);
            store.start();
            Http restarted = new Http(store.url());
            Pos recovered = Http.JSON.treeToValue(restarted.get("/pos").json().get("crash"), Pos.class);
            if (recovered.equals(inFlight.pos())) {
                killsDuringUpload++;
            } else {
                assertThat(recovered).as("after kill %d", kill + 1).isEqualTo(before.pos());
                local = before;
            }
            for (Pos pos : acknowledged) {
                assertThat(restarted.get("/db/page?db=crash&pgno=1&pos=" + pos).status())
                        .as("acknowledged position %s after kill %d", pos, kill + 1).isEqualTo(200);
            }
            everyFileVerifies.run();
        }
        Http http = new Http(store.url());
        byte[] database = http.get("/db/snapshot?db=crash&format=sqlite").body();
        assertThat(database.length).isEqualTo(local.commit() * PAGE_SIZE);
        for (int pgno = 1; pgno <= local.commit(); pgno++) {
            assertThat(java.util.Arrays.copyOfRange(database, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE))
                    .as("page %d", pgno).isEqualTo(local.page(pgno));
        }
        System.out.printf("[crash] %d SIGKILLs survived, %d acknowledged uploads kept, %d kills landed after the store "
                + "had made an in-flight upload durable%n", KILLS, acknowledged.size(), killsDuringUpload);
    }

    /** A transaction of 1 to 300 pages (up to 1.2 MB), over a database of up to 400 pages. */
    private static Map<Integer, byte[]> changes(TestDatabase local, Random random) {
        Map<Integer, byte[]> changes = new HashMap<>();
        if (local.commit() == 0) {
            for (int pgno = 1; pgno <= 20; pgno++) {
                changes.put(pgno, local.content(random.nextInt()));
            }
            return changes;
        }
        int count = random.nextInt(10) == 0 ? 300 : 1 + random.nextInt(8);
        int limit = Math.min(400, local.commit() + 1);
        for (int i = 0; i < count; i++) {
            changes.put(1 + random.nextInt(limit), local.content(random.nextInt()));
        }
        for (int pgno = local.commit() + 1; pgno <= changes.keySet().stream().mapToInt(Integer::intValue).max().orElse(0); pgno++) {
            changes.putIfAbsent(pgno, local.content(random.nextInt()));
        }
        return changes;
    }

    private static void assertEveryObjectVerifies(io.litevfs.store.s3.Bucket bucket) throws Exception {
        for (io.litevfs.store.s3.ListedObject object : bucket.list("clusters/", null)) {
            if (object.key().endsWith(".ltx")) {
                var stored = bucket.get(object.key());
                assertThat(stored).as(object.key()).isNotNull();
                LtxDecoder.verify(new java.io.ByteArrayInputStream(stored.content()));
            }
        }
    }

    private void assertEveryStoredFileVerifies() throws Exception {
        try (Stream<Path> files = Files.walk(directory.resolve("data"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ltx")).toList()) {
                assertThat(file.getParent().getFileName().toString()).as(file.toString()).isEqualTo("ltx");
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    LtxDecoder.verify(in);
                }
            }
        }
    }
}
