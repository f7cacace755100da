package io.litevfs.store.bucket;

import io.litevfs.store.history.Database;
import io.litevfs.store.lease.Leases;
import io.litevfs.store.local.DurableFiles;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketUnavailableException;
import io.litevfs.store.s3.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Uploads acknowledged once they are forced to this replica's disk, and put in the bucket afterwards
 * ({@code litevfs.server.s3.durability=local-disk}); {@link Leases} decides which uploads may
 * be (those under a lease this replica checked recently) and keeps the next writer out until they are
 * in the bucket.
 *
 * <p>State: per database, the pending uploads in TXID order; on disk, a hard link to each pending LTX
 * file in {@code <data-dir>/write-behind/}, named by its bucket key, so that a replica restarted on the
 * same disk puts them in the bucket before it loads anything ({@link #putLeftBehind}). Flushing threads
 * put every pending upload in the bucket as soon as it is accepted, several at once, each claimed by
 * one thread at a time; a flush on a caller's thread waits for claimed ones.
 *
 * <p>Invariants: an upload leaves its queue, and its link is deleted, only once its object is in the
 * bucket, or once another writer's object is found under its key (an acknowledged write lost: logged
 * as an error, and {@code lost} told). New uploads are accepted only while the oldest pending one is
 * younger than half the limit; while the bucket is slow or away, writes are acknowledged once in the
 * bucket again, after the pending ones.
 */
public final class WriteBehind implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);
    private static final int FLUSHERS = 16;

    /** Told of a local file once its object is in the bucket. */
    @FunctionalInterface
    interface InBucket {
        void accept(Path file) throws IOException;
    }

    /** One upload acknowledged before it reached the bucket; {@code claimed} while a thread puts it there. */
    private record Pending(Database database, String key, Path link, Path file, long acceptedNanos,
                           java.util.concurrent.atomic.AtomicBoolean claimed) {
    }

    private final Bucket bucket;
    private final Path directory;
    private final Duration limit;
    private final InBucket inBucket;
    private final Map<Database, ConcurrentLinkedDeque<Pending>> queues = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flushers;
    private volatile Consumer<Database> lost = database -> { };
    private volatile boolean unreachable;

    /**
     * @param inBucket told of each local file once its object is in the bucket (it may then be evicted)
     */
    WriteBehind(Bucket bucket, Path dataDirectory, Duration limit, InBucket inBucket) throws IOException {
        this.bucket = bucket;
        this.directory = StoreLayout.of(dataDirectory).writeBehind();
        this.limit = limit;
        this.inBucket = inBucket;
        DurableFiles.createDirectories(directory);
        this.flushers = Executors.newScheduledThreadPool(FLUSHERS,
                Thread.ofPlatform().name("litevfs-write-behind").daemon().factory());
        long retry = Math.max(10, limit.toMillis() / 8);
        flushers.scheduleWithFixedDelay(this::flushAllQuietly, retry, retry, TimeUnit.MILLISECONDS);
    }

    /** Told of a database whose acknowledged writes were lost; it must start again from the bucket. */
    void onLost(Consumer<Database> lost) {
        this.lost = lost;
    }

    Duration limit() {
        return limit;
    }

    /** Whether a new upload may be acknowledged before it reaches the bucket: the oldest pending one is young enough. */
    boolean accepting() {
        long now = System.nanoTime();
        for (ConcurrentLinkedDeque<Pending> queue : queues.values()) {
            Pending oldest = queue.peekFirst();
            if (oldest != null && now - oldest.acceptedNanos() >= limit.toNanos() / 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes a verified upload, written to {@code written}, durable on this disk at {@code target} (its bytes
     * forced, then its name and its write-behind link) and pending for the bucket under {@code key}. Called
     * under the database's upload lock.
     */
    void accept(Database database, String key, Path written, Path target) throws IOException {
        DurableFiles.force(written);
        DurableFiles.createDirectories(DurableFiles.parentOf(target));
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path link = directory.resolve(fileNameOf(key));
        Files.deleteIfExists(link);
        Files.createLink(link, target);
        DurableFiles.forceDirectory(DurableFiles.parentOf(target));
        DurableFiles.forceDirectory(directory);
        Pending pending = new Pending(database, key, link, target, System.nanoTime(),
                new java.util.concurrent.atomic.AtomicBoolean());
        queues.computeIfAbsent(database, d -> new ConcurrentLinkedDeque<>()).addLast(pending);
        flushers.execute(() -> putQuietly(pending));
    }

    /** Whether uploads of the database wait for the bucket. */
    boolean holds(Database database) {
        ConcurrentLinkedDeque<Pending> queue = queues.get(database);
        return queue != null && !queue.isEmpty();
    }

    /**
     * Puts every pending upload of the database in the bucket now, in order.
     *
     * @throws BucketUnavailableException when the bucket cannot take them; they stay pending
     */
    void flush(Database database) throws IOException {
        ConcurrentLinkedDeque<Pending> queue = queues.get(database);
        if (queue == null) {
            return;
        }
        for (Pending pending : List.copyOf(queue)) {
            put(pending, true);
        }
    }

    /** The lease side's view: the database's writes are all in the bucket (flushed now when they can be). */
    boolean flushed(Database database) {
        try {
            flush(database);
            return !holds(database);
        } catch (IOException | RuntimeException e) {
            log.warn("[store] db={}/{}: cannot put acknowledged writes in the bucket yet: {}", database.cluster(),
                    database.name(), e.getMessage());
            return false;
        }
    }

    /**
     * Puts one pending upload in the bucket, unless another thread is doing so: then, when {@code wait},
     * returns once that thread is done (or takes over if it failed).
     */
    private void put(Pending pending, boolean wait) throws IOException {
        ConcurrentLinkedDeque<Pending> queue = queues.get(pending.database());
        while (!pending.claimed().compareAndSet(false, true)) {
            if (!wait || queue == null || !queue.contains(pending)) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for a write to reach the bucket");
            }
        }
        try {
            if (queue == null || !queue.contains(pending)) {
                return;
            }
            putClaimed(queue, pending);
        } finally {
            pending.claimed().set(false);
        }
    }

    private void putClaimed(ConcurrentLinkedDeque<Pending> queue, Pending pending) throws IOException {
        boolean ours = bucket.createIfAbsent(pending.key(), pending.link()) || sameObject(pending.key(), pending.link());
        queue.remove(pending);
        Files.deleteIfExists(pending.link());
        if (ours) {
            inBucket.accept(pending.file());
            return;
        }
        log.error("[store] db={}/{}: an acknowledged write was LOST: another writer's object already holds {} in the "
                + "bucket (the lease rules were broken: clocks further apart than litevfs.server.s3.max-clock-skew, "
                + "or this replica paused longer than the write-behind limit); the database starts again from the bucket",
                pending.database().cluster(), pending.database().name(), pending.key());
        List<Pending> dropped = new ArrayList<>(queue);
        queue.clear();
        for (Pending later : dropped) {
            Files.deleteIfExists(later.link());
        }
        lost.accept(pending.database());
    }

    private boolean sameObject(String key, Path file) throws IOException {
        StoredObject existing = bucket.get(key);
        return existing != null && Arrays.equals(existing.content(), Files.readAllBytes(file));
    }

    private void putQuietly(Pending pending) {
        try {
            put(pending, false);
            if (unreachable) {
                unreachable = false;
                log.info("[store] the bucket takes acknowledged writes again");
            }
        } catch (IOException | RuntimeException e) {
            if (!unreachable) {
                unreachable = true;
                log.error("[store] cannot put acknowledged writes in the bucket; retrying, and acknowledging new "
                        + "writes only once in the bucket while the oldest waits longer than {} ms: {}",
                        limit.toMillis() / 2, e.getMessage());
            }
        }
    }

    private void flushAllQuietly() {
        for (ConcurrentLinkedDeque<Pending> queue : queues.values()) {
            for (Pending pending : List.copyOf(queue)) {
                putQuietly(pending);
            }
        }
    }

    /**
     * Puts in the bucket what an earlier run of this replica acknowledged and had not put there yet,
     * in key order; an object another writer put under one of those keys means that write was lost.
     */
    void putLeftBehind() throws IOException {
        List<Path> ordered;
        try (Stream<Path> listed = Files.list(directory)) {
            ordered = listed.sorted(java.util.Comparator.comparing(WriteBehind::keyOf)).toList();
        }
        for (Path link : ordered) {
            String key = keyOf(link);
            if (bucket.createIfAbsent(key, link)) {
                log.info("[store] put {} in the bucket, acknowledged before this replica stopped", key);
            } else if (!sameObject(key, link)) {
                log.error("[store] an acknowledged write was LOST: another writer's object already holds {} in the "
                        + "bucket (this replica stopped before putting it there, and the lease passed on)", key);
            }
            Files.delete(link);
        }
        DurableFiles.forceDirectory(directory);
    }

    private static String fileNameOf(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String keyOf(Path link) {
        return new String(Base64.getUrlDecoder().decode(link.getFileName().toString()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        flushers.shutdownNow();
    }
}
