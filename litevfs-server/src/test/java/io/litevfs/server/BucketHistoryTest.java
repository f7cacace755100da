package io.litevfs.server;

import io.litevfs.store.s3.Bucket;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History on a bucket over time: compaction folds old uploads into a snapshot object and deletes them
 * without ever leaving a gap, another replica adopts the snapshot, a new one starts from it; and the
 * local copies stay within their bound while every page still reads right.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketHistoryTest {

    private static final int PAGE_SIZE = 4096;

    Path directory;
    S3Server s3;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        S3Server.credentials();
        s3 = S3Server.start(directory.resolve("s3"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        s3.close();
    }

    private LiteVfsServer replica(String prefix, String name, Map<String, String> settings) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve(name)).openAccess()
                .property("litevfs.server.s3.poll-interval", "100ms");
        s3.storeProperties(prefix).forEach(builder::property);
        settings.forEach(builder::property);
        return builder.start();
    }

    @Test
    void compactionFoldsIntoASnapshotObjectWithoutAGapAndEveryReplicaFollows() throws Exception {
        String prefix = "compaction/";
        try (LiteVfsServer compacting = replica(prefix, "compacting", Map.of("litevfs.server.retention.transactions", "300ms", "litevfs.server.retention.levels", "",
                "litevfs.server.compaction-interval", "100ms"));
             LiteVfsServer following = replica(prefix, "following", Map.of());
             Bucket bucket = TestBuckets.connect(s3, prefix)) {
            Http http = new Http(compacting.url());
            TestDatabase local = new TestDatabase(PAGE_SIZE);
            assertThat(http.post("/db/tx?db=folded", local.commit(Map.of(1, local.content(1), 2, local.content(2),
                    3, local.content(3), 4, local.content(4)))).status()).isEqualTo(200);
            var early = local.pos();
            String folder = "clusters/default/dbs/folded/";
            byte[] firstUpload = bucket.get(folder + "ltx/0000000000000001.ltx").content();
            for (int i = 0; i < 10; i++) {
                assertThat(http.post("/db/tx?db=folded", local.commit(Map.of(1 + i % 3, local.content(i), 4, local.content(100 + i))))
                        .status()).isEqualTo(200);
                if (i == 1) {
                    early = local.pos();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (txIdsIn(bucket, folder + "ltx/").size() > 1 && System.nanoTime() < deadline) {
                assertNoGap(bucket, folder);
                Thread.sleep(50);
            }
            assertNoGap(bucket, folder);
            assertThat(txIdsIn(bucket, folder + "snapshots/")).isNotEmpty();
            assertThat(txIdsIn(bucket, folder + "ltx/")).hasSizeLessThanOrEqualTo(1);

            Http follower = new Http(following.url());
            follower.awaitPosition("folded", local, Duration.ofSeconds(5));
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (following.store().loaded("default", "folded").historyLength() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(following.store().loaded("default", "folded").historyLength()).as("the follower adopted the snapshot")
                    .isLessThanOrEqualTo(2);
            for (Http replica : List.of(http, follower)) {
                assertThat(replica.get("/db/page?db=folded&pos=" + early + "&pgno=1").code()).isEqualTo("EPOSMISMATCH");
                assertSameContent(replica, local);
            }
            assertThat(bucket.createIfAbsent(folder + "ltx/0000000000000001.ltx", firstUpload))
                    .as("an upload whose deletion failed, as the bucket keeps it").isTrue();
            try (LiteVfsServer fresh = replica(prefix, "fresh", Map.of("litevfs.server.compaction-interval", "100ms"))) {
                assertSameContent(new Http(fresh.url()), local);
                deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (txIdsIn(bucket, folder + "ltx/").contains(1L) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(txIdsIn(bucket, folder + "ltx/")).as("the leftover is deleted at the next compaction round")
                        .doesNotContain(1L);
            }
        }
    }

    @Test
    void localCopiesStayWithinTheirBoundAndEveryPageStillReads() throws Exception {
        String prefix = "small-cache/";
        long bound = 64 * 1024;
        try (LiteVfsServer store = replica(prefix, "small-cache", Map.of("litevfs.server.s3.cache-size", bound + "B"))) {
            Http http = new Http(store.url());
            TestDatabase local = new TestDatabase(PAGE_SIZE);
            for (int i = 0; i < 24; i++) {
                assertThat(http.post("/db/tx?db=big", local.commit(Map.of(1 + 4 * i, local.content(i), 2 + 4 * i,
                        local.content(i + 1), 3 + 4 * i, local.content(i + 2), 4 + 4 * i, local.content(i + 3)))).status())
                        .isEqualTo(200);
            }
            assertThat(cachedBytes(directory.resolve("small-cache"))).isLessThanOrEqualTo(bound + 20 * PAGE_SIZE);
            assertSameContent(http, local);
            assertThat(cachedBytes(directory.resolve("small-cache"))).isLessThanOrEqualTo(bound + 20 * PAGE_SIZE);
        }
    }

    private static void assertNoGap(Bucket bucket, String folder) {
        List<Long> uploads = txIdsIn(bucket, folder + "ltx/");
        long newestSnapshot = txIdsIn(bucket, folder + "snapshots/").stream().mapToLong(Long::longValue).max().orElse(0);
        long next = uploads.isEmpty() ? newestSnapshot + 1 : uploads.getFirst();
        assertThat(next).as("the first upload kept follows the newest snapshot or history from 1").isLessThanOrEqualTo(newestSnapshot + 1);
        for (int i = 1; i < uploads.size(); i++) {
            assertThat(uploads.get(i)).as("uploads are contiguous").isGreaterThan(uploads.get(i - 1));
        }
    }

    /**
     * The TXIDs named by the complete objects in a folder; an object being written can be listed under a
     * longer name (s3proxy's file-system backend shows its temporary file), which the store ignores too.
     */
    private static List<Long> txIdsIn(Bucket bucket, String folder) {
        return bucket.list(folder, null).stream().map(object -> object.key().substring(folder.length()))
                .filter(name -> name.matches("[0-9a-f]{16}\\.ltx")).map(name -> Long.parseLong(name.substring(0, 16), 16))
                .toList();
    }

    private static void assertSameContent(Http http, TestDatabase local) {
        byte[] database = http.get("/db/snapshot?db=" + dbOf(local) + "&format=sqlite").body();
        assertThat(database.length).isEqualTo(local.commit() * PAGE_SIZE);
        for (int pgno = 1; pgno <= local.commit(); pgno++) {
            assertThat(Arrays.copyOfRange(database, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE)).as("page %d", pgno)
                    .isEqualTo(local.page(pgno));
        }
    }

    private static String dbOf(TestDatabase local) {
        return local.commit() > 10 ? "big" : "folded";
    }

    private static long cachedBytes(Path dataDirectory) throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            return files.filter(path -> path.toString().endsWith(".ltx") && !path.toString().contains("incoming"))
                    .mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
