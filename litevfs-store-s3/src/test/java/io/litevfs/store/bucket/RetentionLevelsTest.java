package io.litevfs.store.bucket;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.store.PageStore;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.history.PositionEvents;
import io.litevfs.store.history.SnapshotWriter;
import io.litevfs.store.restore.DatabaseRestorer;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.TestBuckets;
import io.litevfs.store.upload.StoreLimits;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.MovableClock;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History kept by time, in levels, over days of a clock the test moves: a transaction every five minutes
 * for four and a half days, compaction every ten minutes as the store schedules it. Afterwards the points
 * kept are exactly those the policy promises (every transaction of the last hour, the last transaction of
 * each due window of each level, the snapshot before the oldest level), each with the time it was
 * accepted, each reading exactly as the model was then; and they survive a restart. On a bucket, a replica
 * that follows adopts the windows another one merged (its own copies of their files gone), and a new
 * replica loads the same points from the bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionLevelsTest {

    private static final int PAGE_SIZE = 512;
    private static final String CLUSTER = "default";
    private static final String DB = "levels";
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofHours(108);
    private static final int STEPS_PER_COMPACTION = 2;
    private static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofHours(1), List.of(
            new RetentionPolicy.Level(Duration.ofMinutes(15), Duration.ofHours(6)),
            new RetentionPolicy.Level(Duration.ofHours(1), Duration.ofDays(1)),
            new RetentionPolicy.Level(Duration.ofDays(1), Duration.ofDays(4))));

    /** One accepted transaction: its TXID, when the store accepted it, and the database after it. */
    private record Committed(TxId txid, Instant at, TestDatabase state) {
    }

    private Path directory;
    private S3Server s3;

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

    @Test
    void onTheFileSystemThePointsKeptAreThosePromisedAndSurviveARestart() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T23:58:00Z"));
        Path data = directory.resolve("file-system");
        Path earlier = directory.resolve("earlier-files");
        List<Committed> committed;
        try (PageStore store = PageStore.onLocalDisk(data, clock, PositionEvents.NONE)) {
            committed = run(store, clock, () -> copyFiles(ltxDirectory(data), earlier));
            assertPointsAsPromised(store, clock, committed);
        }
        Path ltx = ltxDirectory(data);
        // As if the store had stopped each time between making a merged file durable and deleting what it holds.
        List<Path> putBack = copyFiles(earlier, ltx);
        try (PageStore restarted = PageStore.onLocalDisk(data, clock, PositionEvents.NONE)) {
            assertPointsAsPromised(restarted, clock, committed);
        }
        assertThat(putBack).as("files put back").hasSizeGreaterThan(50)
                .allSatisfy(file -> assertThat(ltx.resolve(file.getFileName())).as("held by a wider file, so deleted").doesNotExist());
    }

    private static Path ltxDirectory(Path data) {
        try (var paths = java.nio.file.Files.walk(data)) {
            return paths.filter(path -> path.getFileName().toString().equals("ltx")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies the files of {@code from} that {@code to} lacks; returns them. */
    private static List<Path> copyFiles(Path from, Path to) {
        try (var files = java.nio.file.Files.list(from)) {
            java.nio.file.Files.createDirectories(to);
            List<Path> copied = new ArrayList<>();
            for (Path file : files.toList()) {
                Path target = to.resolve(file.getFileName());
                if (!java.nio.file.Files.exists(target)) {
                    java.nio.file.Files.copy(file, target);
                    copied.add(target);
                }
            }
            return copied;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onABucketEveryReplicaHasThePointsPromised() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T23:58:00Z"));
        String prefix = "levels/";
        try (BucketFollower writer = replica(prefix, "writer", clock, 64L << 20);
             BucketFollower follower = replica(prefix, "follower", clock, 1)) {
            List<Committed> committed = run(writer.store(), clock, () -> { });
            assertPointsAsPromised(writer.store(), clock, committed);

            Pos last = committed.getLast().state().pos();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!last.equals(follower.store().loaded(CLUSTER, DB).pos()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertSameContent(follower.store(), committed.getLast());
            follower.store().compactHistory(POLICY, clock.millis());
            assertPointsAsPromised(follower.store(), clock, committed);

            try (BucketFollower fresh = replica(prefix, "fresh", clock, 64L << 20);
                 Bucket bucket = TestBuckets.connect(s3, prefix)) {
                assertPointsAsPromised(fresh.store(), clock, committed);
                Duration unmerged = POLICY.transactions().plus(POLICY.levels().getFirst().interval());
                assertThat(bucket.list("clusters/default/dbs/levels/ltx/", null))
                        .as("upload keys left: those of the last hour and of the first window not all older")
                        .hasSizeLessThanOrEqualTo((int) unmerged.dividedBy(STEP) + 1);
            }
        }
    }

    private BucketFollower replica(String prefix, String name, MovableClock clock, long cacheBytes) throws Exception {
        Bucket bucket = TestBuckets.connect(s3, prefix);
        PositionEvents events = PositionEvents.NONE;
        BucketHistory history = new BucketHistory(bucket, events, cacheBytes, POLICY.transactions());
        return BucketFollower.start(directory.resolve(name), clock, events, StoreLimits.DEFAULT, history,
                Duration.ofMillis(20));
    }

    /** Writes a transaction every step for the whole run, compacting on the store's schedule. */
    private static List<Committed> run(PageStore store, MovableClock clock, Runnable partWay) throws Exception {
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        Random random = new Random(7);
        List<Committed> committed = new ArrayList<>();
        long steps = RUN.dividedBy(STEP);
        for (int step = 0; step < steps; step++) {
            Map<Integer, byte[]> pages = new HashMap<>();
            int commit = Math.max(1, local.commit());
            for (int n = 0; n < 1 + random.nextInt(3); n++) {
                pages.put(1 + random.nextInt(commit), local.content(random.nextInt()));
            }
            if (step % 7 == 0 || commit < 3) {
                commit++;
                pages.put(commit, local.content(random.nextInt()));
            } else if (step % 11 == 0) {
                commit--;
            }
            int size = commit;
            pages.keySet().removeIf(pgno -> pgno > size);
            byte[] ltx = local.commit(pages, size, 0);
            store.upload(CLUSTER, DB, new ByteArrayInputStream(ltx), WriteGuard.NONE);
            committed.add(new Committed(local.pos().txid(), clock.instant(), local.copy()));
            clock.move(STEP);
            if (step == steps * 3 / 4) {
                partWay.run();
            }
            if (step % STEPS_PER_COMPACTION == 0) {
                store.compactHistory(POLICY, clock.millis());
            }
        }
        store.compactHistory(POLICY, clock.millis());
        return committed;
    }

    private static void assertPointsAsPromised(PageStore store, MovableClock clock, List<Committed> committed)
            throws Exception {
        DatabaseRestorer restorer = new DatabaseRestorer(store, clock);
        List<DatabaseRestorer.Point> points = restorer.points(CLUSTER, DB);
        long now = clock.millis();
        long cutoff = now - POLICY.horizon().toMillis();
        Map<TxId, Committed> byTxid = new TreeMap<>();
        committed.forEach(one -> byTxid.put(one.txid(), one));

        DatabaseRestorer.Point snapshot = points.getFirst();
        assertThat(snapshot.acceptedAt().toEpochMilli()).as("the snapshot is older than every level").isLessThan(cutoff);
        List<TxId> expected = committed.stream()
                .filter(one -> one.at().toEpochMilli() >= cutoff && promised(one, committed, now))
                .map(Committed::txid).toList();
        assertThat(points.subList(1, points.size()).stream().map(point -> point.pos().txid()).toList())
                .as("the points after the snapshot").isEqualTo(expected);
        for (DatabaseRestorer.Point point : points) {
            Committed then = byTxid.get(point.pos().txid());
            assertThat(point.acceptedAt()).as("the time of TXID %s", point.pos().txid()).isEqualTo(then.at());
            assertThat(point.pos()).isEqualTo(then.state().pos());
            assertSameContent(store, restorer, point, then.state());
        }
        assertThat(points.size()).as("far fewer points than transactions").isLessThan(committed.size() / 5);
    }

    /**
     * Whether the policy keeps a transaction at {@code nowMs}: always within the transactions window;
     * older, it is kept when it is the last transaction of its window at the coarsest level whose window
     * is all older than the level before (a window still filling keeps the finer points).
     */
    private static boolean promised(Committed one, List<Committed> committed, long nowMs) {
        long at = one.at().toEpochMilli();
        long age = nowMs - at;
        List<RetentionPolicy.Level> levels = POLICY.levels();
        int level = 0;
        long before = POLICY.transactions().toMillis();
        while (level < levels.size() && age >= before) {
            before = levels.get(level).keep().toMillis();
            level++;
        }
        for (int j = level; j >= 1; j--) {
            long interval = levels.get(j - 1).interval().toMillis();
            long finerHorizon = j == 1 ? POLICY.transactions().toMillis() : levels.get(j - 2).keep().toMillis();
            long window = Math.floorDiv(at, interval);
            if ((window + 1) * interval <= nowMs - finerHorizon) {
                TxId lastInWindow = committed.stream().filter(other -> Math.floorDiv(other.at().toEpochMilli(), interval) == window)
                        .map(Committed::txid).max(TxId::compareTo).orElseThrow();
                return one.txid().equals(lastInWindow);
            }
        }
        return true;
    }

    private static void assertSameContent(PageStore store, Committed expected) throws Exception {
        DatabaseRestorer restorer = new DatabaseRestorer(store, new MovableClock(expected.at()));
        assertSameContent(store, restorer, restorer.pointOf(CLUSTER, DB, expected.txid()), expected.state());
    }

    private static void assertSameContent(PageStore store, DatabaseRestorer restorer, DatabaseRestorer.Point point,
                                          TestDatabase expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(restorer.planAt(CLUSTER, DB, point), SnapshotWriter.Format.SQLITE, out);
        byte[] then = out.toByteArray();
        assertThat(then).as("TXID %s", point.pos().txid()).hasSize(expected.commit() * PAGE_SIZE);
        for (int pgno = 1; pgno <= expected.commit(); pgno++) {
            assertThat(Arrays.copyOfRange(then, (pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE))
                    .as("TXID %s page %d", point.pos().txid(), pgno).isEqualTo(expected.page(pgno));
        }
    }
}
