package io.litevfs.store.bucket;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.store.compaction.HistoryCompactor;
import io.litevfs.store.compaction.PointMerger;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.DurableHistory;
import io.litevfs.store.history.PositionEvents;
import io.litevfs.store.history.SharedHistory;
import io.litevfs.store.history.StagedFile;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.DatabaseLoader;
import io.litevfs.store.local.DurableFiles;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketUnavailableException;
import io.litevfs.store.s3.ListedObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * History in a bucket shared by every replica of the store ({@link BucketKeys} gives the layout). The
 * bucket orders commits: an upload is acknowledged only once its object was created with
 * {@code If-None-Match: *} under the key of the position it continues, so of two replicas accepting
 * uploads at one position exactly one wins, and the other answers {@code EPOSMISMATCH} with the position
 * the winner made. The local directory holds copies of objects, bounded by {@link LocalCopies}.
 *
 * <p>An upload that continues the position this replica knows is committed without listing first when
 * the replica caught up within half the retention's transactions window ({@link #staleForWrites}); the
 * conditional create settles any race, so a commit costs one request (and a read of the lease record
 * when it names one).
 *
 * <p>Catching up ({@link #catchUp}, under the database's upload lock) is one listing of the database's
 * folder from its position on: key order puts the uploads after the position first, then every
 * snapshot ({@code ltx/} sorts before {@code snapshots/}, and {@code LEASE}, {@code NAME} and
 * {@code levels/} before both). Every new upload is downloaded and verified like a file at start-up
 * before it becomes visible, in order while each continues the position. Where they stop continuing it
 * short of the newest snapshot (this replica fell behind what retention keeps, so compaction deleted what
 * the snapshot holds, perhaps leaving some of it behind), the database starts again from that snapshot
 * and the merged windows after it; a snapshot another replica folded at a position this one passed
 * replaces the same files here. A listing that reaches the uploads before the snapshots sees a folded
 * upload one way or the other, since compaction writes its snapshot before it deletes anything. Keys
 * that name no TXID are not ours to read: some S3-compatible services list an object being written
 * under a temporary name next to its own.
 *
 * <p>Merged windows are older than any upload a replica following the bucket still needs, so they are
 * listed only when a replica starts from nothing or again from a snapshot, and when a file it reads
 * turns out to be merged away by another replica ({@link #ensureLocal}).
 */
public final class BucketHistory implements DurableHistory, SharedHistory {

    private static final Logger log = LoggerFactory.getLogger(BucketHistory.class);

    private final Bucket bucket;
    private final PositionEvents events;
    private final LocalCopies copies;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final Set<String> leftovers = ConcurrentHashMap.newKeySet();
    private final long freshForWritesNanos;
    private final @Nullable WriteBehind writeBehind;

    /**
     * @param transactions how long the store keeps every transaction ({@link RetentionPolicy#transactions}):
     *                     an upload key is freed no sooner, so a view of the bucket younger than half of it
     *                     is fresh enough to commit on
     */
    public BucketHistory(Bucket bucket, PositionEvents events, long cacheLimitBytes, java.time.Duration transactions) {
        this.bucket = bucket;
        this.events = events;
        this.copies = new LocalCopies(cacheLimitBytes);
        this.freshForWritesNanos = transactions.dividedBy(2).toNanos();
        this.writeBehind = null;
    }

    /**
     * A history that may acknowledge uploads once they are forced to this disk (under {@code dataDirectory})
     * and put them in the bucket within half of {@code writeBehindLimit} ({@link WriteBehind}).
     */
    public BucketHistory(Bucket bucket, PositionEvents events, long cacheLimitBytes, java.time.Duration transactions,
                         Path dataDirectory, java.time.Duration writeBehindLimit) throws IOException {
        this.bucket = bucket;
        this.events = events;
        this.copies = new LocalCopies(cacheLimitBytes);
        this.freshForWritesNanos = transactions.dividedBy(2).toNanos();
        this.writeBehind = new WriteBehind(bucket, dataDirectory, writeBehindLimit, copies::used);
        this.writeBehind.onLost(this::startAgain);
    }

    /** Whether acknowledged writes of the database are all in the bucket, put there now when they can be. */
    public boolean flushed(Database database) {
        return writeBehind == null || writeBehind.flushed(database);
    }

    /** Puts in the bucket what this replica acknowledged before it last stopped; before anything is loaded. */
    void putLeftBehind() throws IOException {
        if (writeBehind != null) {
            writeBehind.putLeftBehind();
        }
    }

    @Override
    public void close() {
        if (writeBehind != null) {
            writeBehind.close();
        }
    }

    /** Acknowledged writes of the database were lost: it starts again from what the bucket holds. */
    private void startAgain(Database database) {
        try {
            database.exclusively(() -> {
                database.reset();
                catchUp(database);
            });
        } catch (IOException | RuntimeException e) {
            log.error("[store] db={}/{}: cannot start again from the bucket; retrying at the next poll: {}",
                    database.cluster(), database.name(), e.toString());
        }
    }

    Bucket bucket() {
        return bucket;
    }

    /** Bytes of local copies kept now. */
    public long cachedBytes() {
        return copies.totalBytes();
    }

    @Override
    public Path pathOf(Database database, LtxFileName name, StoredFile.Kind kind) {
        return switch (kind) {
            case SNAPSHOT -> StoreLayout.snapshots(database.directory()).resolve(name.maxTxId() + ".ltx");
            case MERGED -> StoreLayout.levels(database.directory()).resolve(name.toString());
            case UPLOAD -> StoreLayout.history(database.directory()).resolve(name.minTxId() + ".ltx");
        };
    }

    @Override
    public void commit(Database database, StoredFile stored, StagedFile staged, boolean mayWriteBehind)
            throws IOException {
        if (stored.minTxId().value() == 1) {
            keep(database);
        }
        if (writeBehind != null && mayWriteBehind && writeBehind.accepting()) {
            writeBehind.accept(database, BucketKeys.of(database, stored), staged.file(), stored.path());
            return;
        }
        if (writeBehind != null) {
            writeBehind.flush(database);
        }
        if (!createIfAbsent(BucketKeys.of(database, stored), staged)) {
            throw new CommitConflict("position " + stored.minTxId().previous() + " of " + database.name()
                    + " was continued by another writer");
        }
        place(staged.file(), stored.path());
    }

    /**
     * Puts a compaction's file in the bucket; its local copy is a copy like any other, not forced: the
     * object is the durable one, and a replica that starts downloads and verifies what it loads.
     */
    @Override
    public void publish(Database database, StoredFile made, StagedFile staged) throws IOException {
        createIfAbsent(BucketKeys.of(database, made), staged);
        place(staged.file(), made.path());
    }

    /** Creates the object from the staged content where it is, in memory or in its file. */
    private boolean createIfAbsent(String key, StagedFile staged) throws IOException {
        byte[] content = staged.content();
        return content != null ? bucket.createIfAbsent(key, content) : bucket.createIfAbsent(key, staged.file());
    }

    /**
     * The snapshot already replaced these files in the database, so a deletion the bucket refuses now is
     * not a failure of the compaction: the key waits for {@link #deleteLeftovers}.
     */
    @Override
    public void deleteFolded(Database database, List<StoredFile> folded) throws IOException {
        for (StoredFile file : folded) {
            leftovers.add(BucketKeys.of(database, file));
            Files.deleteIfExists(file.path());
            copies.forget(file.path());
        }
        deleteLeftovers();
    }

    /**
     * Deletes what a durable snapshot or merged file holds but an earlier deletion left behind (the bucket
     * was away, or a process stopped between writing it and deleting): after each fold, and at each poll
     * ({@link BucketFollower}). Nothing when nothing is left.
     */
    public void deleteLeftovers() {
        for (String key : List.copyOf(leftovers)) {
            try {
                bucket.delete(key);
                leftovers.remove(key);
            } catch (BucketUnavailableException e) {
                log.warn("[store] {} folded object(s) stay in the bucket until the next compaction round: {}",
                        leftovers.size(), e.getMessage());
                return;
            }
        }
    }

    @Override
    public void keep(Database database) {
        String key = BucketKeys.name(BucketKeys.database(database.cluster(), database.name()));
        if (!named.contains(key)) {
            bucket.createIfAbsent(key, database.name().getBytes(StandardCharsets.UTF_8));
            named.add(key);
        }
    }

    @Override
    public boolean holds(String cluster, String name) {
        return nameIn(BucketKeys.database(cluster, name)) != null;
    }

    @Override
    public void ensureLocal(Database database, StoredFile file) throws IOException {
        if (Files.exists(file.path())) {
            copies.used(file.path());
            return;
        }
        OwnerOnly.createDirectories(DurableFiles.parentOf(file.path()));
        if (!bucket.download(BucketKeys.of(database, file), file.path())) {
            if (file.kind() != StoredFile.Kind.SNAPSHOT) {
                adoptMerges(database);
            }
            throw new NoSuchFileException(file.path().toString(), null, "no longer in the bucket (folded or merged away)");
        }
        copies.used(file.path());
    }

    /**
     * With write-behind, another replica may have acknowledged positions up to {@code base} that are not
     * in the bucket yet: looks again until they are, for at most the write-behind limit.
     */
    @Override
    public void catchUpTo(Database database, TxId base) throws IOException {
        long deadline = System.nanoTime() + (writeBehind == null ? 0 : writeBehind.limit().toNanos());
        catchUp(database);
        while (database.pos().txid().compareTo(base) < 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catchUp(database);
        }
    }

    @Override
    public boolean staleForWrites(Database database) {
        return System.nanoTime() - database.caughtUpAtNanos() > freshForWritesNanos;
    }

    @Override
    public void catchUp(Database database) throws IOException {
        long started = System.nanoTime();
        String cluster = database.cluster();
        String name = database.name();
        Pos before = database.pos();
        BucketListing listing = BucketListing.of(cluster, name, bucket.list(BucketKeys.database(cluster, name),
                before.isZero() ? BucketKeys.merges(cluster, name) : BucketKeys.upload(cluster, name, before.txid())));
        TxId newestSnapshot = listing.newestSnapshot();
        if (before.isZero() && newestSnapshot != null) {
            leftovers.addAll(listing.coveredKeys(newestSnapshot));
            restartFrom(database, newestSnapshot);
        }
        if (newestSnapshot != null && newestSnapshot.compareTo(before.txid()) <= 0) {
            adopt(database, newestSnapshot);
        }
        advance(database, listing);
        if (newestSnapshot != null && newestSnapshot.compareTo(database.pos().txid()) > 0) {
            restartFrom(database, newestSnapshot);
            advance(database, listing.withMerges(listMerges(cluster, name)));
        }
        database.caughtUpAt(started);
        Pos after = database.pos();
        if (!after.equals(before)) {
            events.publish(cluster, name, after);
        }
    }

    /**
     * Applies, in order, what continues the database's position: the widest merged window starting
     * there, or else the upload starting there; stops at the first gap or file that does not verify.
     */
    private void advance(Database database, BucketListing listing) throws IOException {
        while (true) {
            TxId next = database.pos().txid().next();
            BucketListing.Merge merge = listing.widestMergeFrom(next);
            if (merge != null && applyMerged(database, merge)) {
                continue;
            }
            ListedObject upload = listing.uploadFrom(next);
            if (upload == null) {
                if (listing.hasUploadAfter(next)) {
                    log.info("[store] db={}/{}: waiting for the upload after {}: another replica is still putting it "
                            + "there, or it is missing", database.cluster(), database.name(), database.pos());
                }
                return;
            }
            if (!apply(database, upload)) {
                return;
            }
        }
    }

    private List<ListedObject> listMerges(String cluster, String name) {
        return bucket.list(BucketKeys.merges(cluster, name), null);
    }

    /** Downloads and verifies a merged window that continues the position; false when it does not. */
    private boolean applyMerged(Database database, BucketListing.Merge merge) throws IOException {
        return downloadAndReplay(database, merge.key(), StoredFile.Kind.MERGED, merge.range());
    }

    /**
     * Other replicas merged windows this one still reads as separate files (and deleted them): each merged
     * file, verified to be exactly what this replica would make of those files, takes their place here.
     * All at once, from one listing, so that a read across many windows retries once.
     */
    private void adoptMerges(Database database) throws IOException {
        int adopted = 0;
        for (BucketListing.Merge merge : BucketListing.merges(listMerges(database.cluster(), database.name()))) {
            LtxFileName range = merge.range();
            List<StoredFile> members = database.filesBetween(range.minTxId(), range.maxTxId());
            if (members.size() < 2) {
                continue;
            }
            StoredFile expected = PointMerger.describe(database, members);
            OwnerOnly.createDirectories(DurableFiles.parentOf(expected.path()));
            if (!bucket.download(merge.key(), expected.path())) {
                continue;
            }
            try {
                DatabaseLoader.verifyMade(expected);
            } catch (IOException e) {
                Files.deleteIfExists(expected.path());
                log.error("[store] db={}/{}: merged window {} in the bucket is not what this history merges into; "
                        + "not adopted: {}", database.cluster(), database.name(), merge.key(), e.getMessage());
                continue;
            }
            copies.used(expected.path());
            if (database.replace(members, expected)) {
                adopted++;
            }
        }
        if (adopted > 0) {
            log.info("[store] db={}/{}: adopted {} window(s) another replica merged", database.cluster(),
                    database.name(), adopted);
        }
    }

    /** Downloads and verifies one upload another replica committed; false when it does not verify. */
    private boolean apply(Database database, ListedObject upload) throws IOException {
        TxId min = java.util.Objects.requireNonNull(BucketKeys.txIdOf(upload.key()));
        return downloadAndReplay(database, upload.key(), StoredFile.Kind.UPLOAD, new LtxFileName(min, min));
    }

    /**
     * Downloads an object that continues the database's position and appends it once it verifies like a
     * file at start-up; false (nothing kept) when it is gone or does not verify.
     */
    private boolean downloadAndReplay(Database database, String key, StoredFile.Kind kind, LtxFileName name)
            throws IOException {
        Path path = pathOf(database, name, kind);
        OwnerOnly.createDirectories(DurableFiles.parentOf(path));
        if (!bucket.download(key, path)) {
            return false;
        }
        try {
            DatabaseLoader.replay(database, path, kind);
            copies.used(path);
            return true;
        } catch (IOException | StoreException e) {
            Files.deleteIfExists(path);
            log.error("[store] db={}/{}: {} in the bucket does not verify and is not served: {}",
                    database.cluster(), database.name(), key, e.getMessage());
            return false;
        }
    }

    /** This replica fell behind what the bucket keeps: the database starts again from the snapshot. */
    private void restartFrom(Database database, TxId snapshotTxId) throws IOException {
        Path path = snapshotPath(database, snapshotTxId);
        if (!download(database, snapshotTxId, path)) {
            return;
        }
        DatabaseLoader.verifySnapshot(path);
        database.reset();
        DatabaseLoader.replay(database, path, StoredFile.Kind.SNAPSHOT);
        copies.used(path);
        log.info("[store] db={}/{}: started again from the bucket's snapshot at {}", database.cluster(),
                database.name(), database.pos());
    }

    /** A snapshot another replica folded at a position this database passed replaces the same files here. */
    private void adopt(Database database, TxId snapshotTxId) throws IOException {
        StoredFile base = database.first();
        if (base == null || base.maxTxId().compareTo(snapshotTxId) >= 0) {
            return;
        }
        Path path = snapshotPath(database, snapshotTxId);
        if (!download(database, snapshotTxId, path)) {
            return;
        }
        StoredFile snapshot = DatabaseLoader.verifySnapshot(path);
        StoredFile passed = database.fileEnding(snapshotTxId);
        if (passed == null || !passed.pos().equals(snapshot.pos())) {
            log.error("[store] db={}/{}: the bucket's snapshot at {} does not match this history; not adopted",
                    database.cluster(), database.name(), snapshotTxId);
            Files.deleteIfExists(path);
            return;
        }
        copies.used(path);
        HistoryCompactor.foldInto(database, snapshot);
    }

    private Path snapshotPath(Database database, TxId maxTxId) {
        return pathOf(database, new LtxFileName(TxId.of(1), maxTxId), StoredFile.Kind.SNAPSHOT);
    }

    private boolean download(Database database, TxId snapshotTxId, Path path) throws IOException {
        OwnerOnly.createDirectories(DurableFiles.parentOf(path));
        return bucket.download(BucketKeys.snapshot(database.cluster(), database.name(), snapshotTxId), path);
    }

    private void place(Path written, Path target) throws IOException {
        OwnerOnly.createDirectories(DurableFiles.parentOf(target));
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        copies.used(target);
    }

    /** The name a database folder of the bucket holds, or null when it has none (yet). */
    @Nullable String nameIn(String databaseFolder) {
        var object = bucket.get(BucketKeys.name(databaseFolder));
        return object == null ? null : new String(object.content(), StandardCharsets.UTF_8);
    }
}
