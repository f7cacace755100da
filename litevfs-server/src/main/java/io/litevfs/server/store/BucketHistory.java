package io.litevfs.server.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.server.bucket.Bucket;
import io.litevfs.server.bucket.BucketUnavailableException;
import io.litevfs.server.bucket.ListedObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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
 * the replica caught up within half the history retention ({@link #staleForWrites}); the conditional
 * create settles any race, so a commit costs one request (and a read of the lease record when it names
 * one).
 *
 * <p>Catching up ({@link #catchUp}, under the database's upload lock) is one listing of the database's
 * folder from its position on: key order puts the uploads after the position first, then every
 * snapshot ({@code ltx/} sorts before {@code snapshots/}, and {@code LEASE} and {@code NAME} before
 * both). Every new upload is downloaded and verified like a file at start-up before it becomes
 * visible, in order while each continues the position. Where they stop continuing it short of the
 * newest snapshot (this replica fell behind what retention keeps, so compaction deleted what the
 * snapshot holds, perhaps leaving some of it behind), the database starts again from that snapshot; a
 * snapshot another replica folded at a position this one passed replaces the same files here. A listing that reaches the uploads before the snapshots sees a folded
 * upload one way or the other, since compaction writes its snapshot before it deletes anything. Keys
 * that name no TXID are not ours to read: some S3-compatible services list an object being written
 * under a temporary name next to its own.
 */
public final class BucketHistory implements HistoryStorage {

    private static final Logger log = LoggerFactory.getLogger(BucketHistory.class);

    private final Bucket bucket;
    private final PositionEvents events;
    private final LocalCopies copies;
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final Set<String> leftovers = ConcurrentHashMap.newKeySet();
    private final long freshForWritesNanos;
    private final @Nullable WriteBehind writeBehind;

    /**
     * @param historyRetention the store's history retention: an upload key is freed no sooner, so a view
     *                         of the bucket younger than half of it is fresh enough to commit on
     */
    public BucketHistory(Bucket bucket, PositionEvents events, long cacheLimitBytes, java.time.Duration historyRetention) {
        this.bucket = bucket;
        this.events = events;
        this.copies = new LocalCopies(cacheLimitBytes);
        this.freshForWritesNanos = historyRetention.dividedBy(2).toNanos();
        this.writeBehind = null;
    }

    /**
     * A history that may acknowledge uploads once they are forced to this disk (under {@code dataDirectory})
     * and put them in the bucket within half of {@code writeBehindLimit} ({@link WriteBehind}).
     */
    public BucketHistory(Bucket bucket, PositionEvents events, long cacheLimitBytes, java.time.Duration historyRetention,
                         Path dataDirectory, java.time.Duration writeBehindLimit) throws IOException {
        this.bucket = bucket;
        this.events = events;
        this.copies = new LocalCopies(cacheLimitBytes);
        this.freshForWritesNanos = historyRetention.dividedBy(2).toNanos();
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

    void close() {
        if (writeBehind != null) {
            writeBehind.close();
        }
    }

    /** Acknowledged writes of the database were lost: it starts again from what the bucket holds. */
    private void startAgain(Database database) {
        database.uploadLock.lock();
        try {
            database.reset();
            catchUp(database);
        } catch (IOException | RuntimeException e) {
            log.error("[store] db={}/{}: cannot start again from the bucket; retrying at the next poll: {}",
                    database.cluster(), database.name(), e.toString());
        } finally {
            database.uploadLock.unlock();
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
    public Path pathOf(Database database, LtxFileName name, boolean folded) {
        return folded ? database.directory().resolve("snapshots").resolve(name.maxTxId() + ".ltx")
                : database.directory().resolve("ltx").resolve(name.minTxId() + ".ltx");
    }

    @Override
    public void commit(Database database, StoredFile stored, Path written, boolean mayWriteBehind) throws IOException {
        if (stored.minTxId().value() == 1) {
            keep(database);
        }
        if (writeBehind != null && mayWriteBehind && writeBehind.accepting()) {
            writeBehind.accept(database, BucketKeys.of(database, stored), written, stored.path());
            return;
        }
        if (writeBehind != null) {
            writeBehind.flush(database);
        }
        if (!bucket.createIfAbsent(BucketKeys.of(database, stored), written)) {
            throw new CommitConflict("position " + stored.minTxId().previous() + " of " + database.name()
                    + " was continued by another writer");
        }
        place(written, stored.path());
    }

    @Override
    public void publishSnapshot(Database database, StoredFile snapshot, Path written) throws IOException {
        bucket.createIfAbsent(BucketKeys.of(database, snapshot), written);
        place(written, snapshot.path());
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

    @Override
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
        Files.createDirectories(DurableFiles.parentOf(file.path()));
        if (!bucket.download(BucketKeys.of(database, file), file.path())) {
            throw new NoSuchFileException(file.path().toString(), null, "no longer in the bucket (folded away)");
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
        return System.nanoTime() - database.caughtUpAtNanos > freshForWritesNanos;
    }

    @Override
    public void catchUp(Database database) throws IOException {
        long started = System.nanoTime();
        String cluster = database.cluster();
        String name = database.name();
        Pos before = database.pos();
        String uploadsFolder = BucketKeys.uploads(cluster, name);
        List<ListedObject> listed = bucket.list(BucketKeys.database(cluster, name),
                before.isZero() ? uploadsFolder : BucketKeys.upload(cluster, name, before.txid()));
        List<ListedObject> uploads = listed.stream().filter(object -> object.key().startsWith(uploadsFolder))
                .filter(object -> BucketKeys.txIdOf(object.key()) != null).toList();
        TxId newestSnapshot = listed.stream()
                .filter(object -> object.key().startsWith(BucketKeys.snapshots(cluster, name)))
                .map(object -> BucketKeys.txIdOf(object.key())).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        if (before.isZero() && newestSnapshot != null) {
            noteLeftovers(listed, uploadsFolder, newestSnapshot);
        }
        if (newestSnapshot != null && newestSnapshot.compareTo(before.txid()) <= 0) {
            adopt(database, newestSnapshot);
        }
        boolean restarted = false;
        for (ListedObject upload : uploads) {
            TxId min = java.util.Objects.requireNonNull(BucketKeys.txIdOf(upload.key()));
            if (!restarted && newestSnapshot != null && newestSnapshot.compareTo(database.pos().txid()) > 0
                    && !min.equals(database.pos().txid().next()) && min.compareTo(database.pos().txid()) > 0) {
                restartFrom(database, newestSnapshot);
                restarted = true;
            }
            if (min.compareTo(database.pos().txid()) <= 0) {
                continue;
            }
            if (!min.equals(database.pos().txid().next())) {
                log.info("[store] db={}/{}: waiting for the upload after {} (next in the bucket starts at {}): "
                        + "another replica is still putting it there, or it is missing", cluster, name, database.pos(), min);
                break;
            }
            if (!apply(database, upload)) {
                break;
            }
        }
        if (!restarted && newestSnapshot != null && newestSnapshot.compareTo(database.pos().txid()) > 0) {
            restartFrom(database, newestSnapshot);
        }
        database.caughtUpAtNanos = started;
        Pos after = database.pos();
        if (!after.equals(before)) {
            events.publish(cluster, name, after);
        }
    }

    /**
     * A full listing shows what the newest snapshot holds but was not deleted yet: uploads it folded and
     * older snapshots. A replica compacting right now deletes them as well; deleting twice is harmless.
     */
    private void noteLeftovers(List<ListedObject> listed, String uploadsFolder, TxId newestSnapshot) {
        for (ListedObject object : listed) {
            TxId txId = BucketKeys.txIdOf(object.key());
            boolean upload = object.key().startsWith(uploadsFolder);
            if (txId != null && (upload ? txId.compareTo(newestSnapshot) <= 0 : txId.compareTo(newestSnapshot) < 0)) {
                leftovers.add(object.key());
            }
        }
    }

    /** Downloads and verifies one upload another replica committed; false when it does not verify. */
    private boolean apply(Database database, ListedObject upload) throws IOException {
        TxId min = java.util.Objects.requireNonNull(BucketKeys.txIdOf(upload.key()));
        Path path = database.directory().resolve("ltx").resolve(min + ".ltx");
        Files.createDirectories(path.getParent());
        if (!bucket.download(upload.key(), path)) {
            return false;
        }
        try {
            DatabaseLoader.replay(database, path, false, upload.lastModifiedMs());
            copies.used(path);
            return true;
        } catch (IOException | StoreException e) {
            Files.deleteIfExists(path);
            log.error("[store] db={}/{}: upload {} in the bucket does not verify and is not served: {}",
                    database.cluster(), database.name(), upload.key(), e.getMessage());
            return false;
        }
    }

    /** This replica fell behind what the bucket keeps: the database starts again from the snapshot. */
    private void restartFrom(Database database, TxId snapshotTxId) throws IOException {
        Path path = snapshotPath(database, snapshotTxId);
        if (!download(database, snapshotTxId, path)) {
            return;
        }
        DatabaseLoader.verifySnapshot(path, 0);
        database.reset();
        DatabaseLoader.replay(database, path, true, Files.getLastModifiedTime(path).toMillis());
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
        StoredFile snapshot = DatabaseLoader.verifySnapshot(path, Files.getLastModifiedTime(path).toMillis());
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
        return pathOf(database, new LtxFileName(TxId.of(1), maxTxId), true);
    }

    private boolean download(Database database, TxId snapshotTxId, Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return bucket.download(BucketKeys.snapshot(database.cluster(), database.name(), snapshotTxId), path);
    }

    private void place(Path written, Path target) throws IOException {
        Files.createDirectories(DurableFiles.parentOf(target));
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        copies.used(target);
    }

    /** The name a database folder of the bucket holds, or null when it has none (yet). */
    @Nullable String nameIn(String databaseFolder) {
        var object = bucket.get(BucketKeys.name(databaseFolder));
        return object == null ? null : new String(object.content(), StandardCharsets.UTF_8);
    }
}
