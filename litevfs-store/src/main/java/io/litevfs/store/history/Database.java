package io.litevfs.store.history;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One database of the store: its history of stored files and the state derived from it. This class is
 * the only place that state changes; every change is one of its methods, which checks the invariant it
 * could break and throws {@link IllegalStateException} rather than let the history go wrong.
 *
 * <p>Invariants:
 * <ol>
 *   <li>{@code files} is a contiguous chain: the first is a snapshot (min TXID 1), each next file starts
 *       at the previous max TXID + 1 with the previous post-apply checksum as its pre-apply checksum, and
 *       all have one page size. Checked by {@link #append}, kept by {@link #fold} (a snapshot ending
 *       exactly where a file of history ends, at the same position) and {@link #replace} (a merged file
 *       spanning exactly the files it replaces, after the first).</li>
 *   <li>Every file in {@code files} was verified completely (file checksum, page rules, database
 *       checksum) and made durable before it was added; nothing else is ever visible. The callers verify
 *       ({@code UploadApplier}, {@code DatabaseLoader}); this class cannot re-read what they read.</li>
 *   <li>{@code pos}, {@code commit}, {@code pageSize} and {@code pageChecksums} describe the database
 *       after the last file; {@code pos} is zero exactly when {@code files} is empty.</li>
 *   <li>History grows or starts again ({@link #append}, {@link #reset}) only under the upload lock
 *       ({@link #exclusively}), so one writer at a time reads {@link #head} and appends after it.
 *       Compaction shortens it ({@link #fold}, {@link #replace}) without that lock: neither moves
 *       the head.</li>
 * </ol>
 * {@code lock} guards all fields for the short moments they are read or changed; file I/O happens
 * outside it. Readers that resolved a page to a file that compaction then deletes retry (the open
 * channel would keep the data, but a file not yet opened is gone).
 */
public final class Database {

    /** The most changed pages a sync answer gives checksums for (each costs a read of the page as it was). */
    static final int MOST_CHECKSUMMED_CHANGES = 1024;
    private static final int READ_ATTEMPTS = 3;
    /** Pages read per request to storage when streaming many, so that memory stays bounded. */
    private static final int PAGES_PER_READ = 256;
    private static final long READ_CATCH_UP_NANOS = 50_000_000L;

    private final String cluster;
    private final String name;
    private final Path directory;
    private final DurableHistory durable;
    private final @Nullable SharedHistory shared;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock uploadLock = new ReentrantLock();

    private final List<StoredFile> files = new ArrayList<>();
    private PageVersions versions = new PageVersions();
    private long[] pageChecksums = new long[1];
    private Pos pos = Pos.ZERO;
    private int pageSize;
    private int commit;
    /**
     * Whether the database stays even while empty: loaded from disk, or opened by a lease. One created
     * only by an upload that is then refused is removed again (see {@code PageStore.upload}).
     */
    private volatile boolean kept;
    private volatile long lastReadCatchUp = System.nanoTime() - READ_CATCH_UP_NANOS;
    /** When the last catch-up with durable storage began ({@link System#nanoTime}); long ago at first. */
    private volatile long caughtUpAtNanos = System.nanoTime() - (1L << 62);

    /**
     * @param shared where other replicas write too, or null when this store is its storage's only writer
     */
    public Database(String cluster, String name, Path directory, DurableHistory durable, @Nullable SharedHistory shared) {
        this.cluster = cluster;
        this.name = name;
        this.directory = directory;
        this.durable = durable;
        this.shared = shared;
    }

    /** Where this database's history is kept durably. */
    public DurableHistory durable() {
        return durable;
    }

    public String cluster() {
        return cluster;
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return directory;
    }

    public Pos pos() {
        return underReadLock(() -> pos);
    }

    /** The page size, or 0 while the database has no data. */
    public int pageSize() {
        return underReadLock(() -> pageSize);
    }

    /** How many files of history are kept. */
    public int historyLength() {
        return underReadLock(files::size);
    }

    /**
     * The database after its last file. {@code pageChecksums} is the live table, indexed by page number:
     * read it only while holding the upload lock ({@link #exclusively}), under which nothing changes it.
     */
    public record Head(Pos pos, int pageSize, int commit, long[] pageChecksums) {
    }

    public Head head() {
        return underReadLock(() -> new Head(pos, pageSize, commit, pageChecksums));
    }

    /** The files of history as they are now, oldest first (a copy). */
    public List<StoredFile> files() {
        return underReadLock(() -> List.copyOf(files));
    }

    /** The last file of history, or null while there is none. */
    @Nullable StoredFile last() {
        return underReadLock(() -> files.isEmpty() ? null : files.getLast());
    }

    /** Work that appends to history or starts it again; see {@link #exclusively}. */
    @FunctionalInterface
    public interface Exclusive<T> {
        T run() throws IOException;
    }

    /** {@link Exclusive} work with no result. */
    @FunctionalInterface
    public interface ExclusiveAction {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} as this database's only writer: uploads, catching up and starting again take
     * turns, so each reads the head and appends after it without another slipping in. Reentrant.
     */
    public <T> T exclusively(Exclusive<T> work) throws IOException {
        uploadLock.lock();
        try {
            return work.run();
        } finally {
            uploadLock.unlock();
        }
    }

    public void exclusively(ExclusiveAction work) throws IOException {
        uploadLock.lock();
        try {
            work.run();
        } finally {
            uploadLock.unlock();
        }
    }

    /** Records that the database stays even while empty (loaded from disk, opened by a lease, or followed). */
    public void keep() {
        kept = true;
    }

    public boolean isKept() {
        return kept;
    }

    /** Records that a catch-up with durable storage began at {@code nanos} ({@link System#nanoTime}). */
    public void caughtUpAt(long nanos) {
        caughtUpAtNanos = nanos;
    }

    /** When the last catch-up with durable storage began ({@link System#nanoTime}); long ago at first. */
    public long caughtUpAtNanos() {
        return caughtUpAtNanos;
    }

    private <T> T underReadLock(java.util.function.Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The pages asked for as they were at {@code asOf}, in the order asked; pages beyond the database's
     * size at that position are left out, and the lock page reads as zeros. Each carries its checksum as
     * recorded when its upload was verified where the store keeps it (at the current position), else none
     * ({@link PageData#withChecksum} computes it from the data, for those who need it).
     *
     * @throws StoreException {@code EPOSMISMATCH} when {@code asOf} is not in the history kept
     */
    public List<PageData> readPages(Pos asOf, long[] pgnos) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<PageLocation> locations = locateCatchingUp(asOf, pgnos);
            try (PageFileReader reader = new PageFileReader(this)) {
                List<PageData> pages = new ArrayList<>(locations.size());
                for (PageLocation location : locations) {
                    byte[] data = new byte[location.pageSize()];
                    if (location.file() != null) {
                        reader.read(location.file(), location.offset(), data, data.length);
                    }
                    pages.add(new PageData(location.pgno(), data, location.checksum()));
                }
                return pages;
            } catch (NoSuchFileException compactedAway) {
                if (attempt == READ_ATTEMPTS) {
                    throw compactedAway;
                }
                if (attempt > 1) {
                    catchUp();
                }
            }
        }
    }

    /** Receives pages in order. */
    @FunctionalInterface
    public interface PageSink {
        void page(int pgno, byte[] data) throws IOException;
    }

    /**
     * Streams pages {@code 1..commit} as of {@code asOf} (the lock page as zeros) to {@code sink}, a batch
     * at a time so that memory stays bounded and the lock is never held during I/O.
     */
    public void forEachPage(Pos asOf, int commitAt, PageSink sink) throws IOException {
        for (long first = 1; first <= commitAt; first += PAGES_PER_READ) {
            long[] pgnos = new long[(int) Math.min(PAGES_PER_READ, commitAt - first + 1)];
            for (int i = 0; i < pgnos.length; i++) {
                pgnos[i] = first + i;
            }
            forEachPage(asOf, pgnos, sink);
        }
    }

    /** Streams the pages {@code pgnos} (ascending) as of {@code asOf} to {@code sink}, a batch at a time. */
    public void forEachPage(Pos asOf, int[] pgnos, PageSink sink) throws IOException {
        for (int from = 0; from < pgnos.length; from += PAGES_PER_READ) {
            forEachPage(asOf, java.util.Arrays.stream(pgnos, from, Math.min(pgnos.length, from + PAGES_PER_READ))
                    .asLongStream().toArray(), sink);
        }
    }

    private void forEachPage(Pos asOf, long[] batch, PageSink sink) throws IOException {
        for (PageData page : readPages(asOf, batch)) {
            sink.page((int) page.pgno(), page.data());
        }
    }

    /**
     * Where a page's data is: {@code file} null for the lock page, which reads as zeros. {@code checksum}
     * is the page's checksum as recorded when its upload was verified (at the current position), or 0
     * where none is kept and it is computed from the data read.
     */
    record PageLocation(long pgno, @Nullable StoredFile file, long offset, int pageSize, long checksum) {
    }

    /**
     * Locates the pages; a position past this store's, which another replica may have committed, is
     * looked for in durable storage once before it is refused.
     */
    private List<PageLocation> locateCatchingUp(Pos asOf, long[] pgnos) throws IOException {
        try {
            return locate(asOf, pgnos);
        } catch (StoreException e) {
            if (e.code() != ErrorCode.EPOSMISMATCH || asOf.txid().compareTo(pos().txid()) <= 0) {
                throw e;
            }
            catchUpForRead();
            return locate(asOf, pgnos);
        }
    }

    /**
     * Catches up for a read that named a position past this store's, at most once per
     * {@link #READ_CATCH_UP_NANOS} however many such reads come: they cannot multiply requests to storage.
     */
    private void catchUpForRead() throws IOException {
        long now = System.nanoTime();
        if (now - lastReadCatchUp < READ_CATCH_UP_NANOS) {
            return;
        }
        lastReadCatchUp = now;
        catchUp();
    }

    /**
     * Brings the database up to date with what other replicas committed (see {@link SharedHistory#catchUp});
     * nothing when this store is its storage's only writer.
     */
    public void catchUp() throws IOException {
        if (shared != null) {
            exclusively(() -> shared.catchUp(this));
        }
    }

    /** Catches up, waiting a while for position {@code base} (see {@link SharedHistory#catchUpTo}). */
    public void catchUpTo(TxId base) throws IOException {
        if (shared != null) {
            exclusively(() -> shared.catchUpTo(this, base));
        }
    }

    /** Whether the database must catch up before an upload is committed (see {@link SharedHistory#staleForWrites}). */
    public boolean staleForWrites() {
        return shared != null && shared.staleForWrites(this);
    }

    /** Makes sure a file of history can be opened for reading (see {@link SharedHistory#ensureLocal}). */
    void ensureLocal(StoredFile file) throws IOException {
        if (shared != null) {
            shared.ensureLocal(this, file);
        }
    }

    private List<PageLocation> locate(Pos asOf, long[] pgnos) {
        lock.readLock().lock();
        try {
            if (asOf.isZero() && pos.isZero()) {
                return List.of();
            }
            StoredFile at = fileEndingAtLocked(asOf);
            if (at == null) {
                throw StoreException.positionMismatch(pos, "position " + asOf + " of " + name
                        + " is not in the store's history; the current position is " + pos);
            }
            int lockPage = Pages.lockPage(pageSize);
            boolean current = asOf.equals(pos);
            List<PageLocation> locations = new ArrayList<>(pgnos.length);
            for (long pgno : pgnos) {
                if (pgno > at.commit()) {
                    continue;
                }
                if (pgno == lockPage) {
                    locations.add(new PageLocation(pgno, null, 0, pageSize, 0));
                    continue;
                }
                StoredFile file = versions.find((int) pgno, at.maxTxId());
                if (file == null) {
                    throw new StoreException(ErrorCode.EINTERNAL, "page " + pgno + " of " + name
                            + " has no version as of " + asOf + "; the history is inconsistent");
                }
                long recorded = current && pgno < pageChecksums.length ? pageChecksums[(int) pgno] : 0;
                locations.add(new PageLocation(pgno, file, file.offsetOf((int) pgno), pageSize, recorded));
            }
            return locations;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * What changed since {@code since}: the page numbers written after it (page 1 too when the size
     * changed), or {@code all} when {@code since} is not in the history kept. With {@code withChecksums},
     * also every listed page's checksum then and now, and the pages lost by shrinking (see {@link DbChanges}),
     * for up to {@value #MOST_CHECKSUMMED_CHANGES} pages; more are listed without them.
     */
    public DbChanges changesSince(Pos since, boolean withChecksums) {
        if (since.txid().compareTo(pos().txid()) > 0) {
            try {
                catchUpForRead();
            } catch (IOException | StorageUnavailableException unavailable) {
                // answered from what this replica knows
            }
        }
        return changesKnown(since, withChecksums).withBefore(this, since);
    }

    /** Changes as this replica knows them, with the checksums of the changed pages now when asked for. */
    private KnownChanges changesKnown(Pos since, boolean withChecksums) {
        lock.readLock().lock();
        try {
            if (since.equals(pos)) {
                return new KnownChanges(DbChanges.pages(pos, List.of()), 0, null);
            }
            StoredFile from = since.isZero() ? null : fileEndingAtLocked(since);
            if (from == null) {
                return new KnownChanges(DbChanges.everything(pos), 0, null);
            }
            BitSet changed = new BitSet();
            for (int i = files.indexOf(from) + 1; i < files.size(); i++) {
                for (int pgno : files.get(i).pgnos()) {
                    changed.set(pgno);
                }
            }
            if (from.commit() != commit) {
                changed.set(1);
            }
            if (withChecksums && from.commit() > commit) {
                changed.set(commit + 1, from.commit() + 1);
            }
            List<Long> pgnos = new ArrayList<>(changed.cardinality());
            changed.stream().forEach(pgno -> pgnos.add((long) pgno));
            if (!withChecksums || pgnos.size() > MOST_CHECKSUMMED_CHANGES) {
                return new KnownChanges(DbChanges.pages(pos, pgnos), 0, null);
            }
            int lockPage = Pages.lockPage(pageSize);
            long[] after = new long[pgnos.size()];
            for (int i = 0; i < after.length; i++) {
                int pgno = pgnos.get(i).intValue();
                after[i] = pgno <= commit && pgno != lockPage ? pageChecksums[pgno] : 0;
            }
            return new KnownChanges(DbChanges.pages(pos, pgnos), from.commit(), after);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Changes known under the lock: with {@code after} (the listed pages' checksums at {@code changes.pos()})
     * when checksums were asked for, and the database's size at the client's position.
     */
    private record KnownChanges(DbChanges changes, int commitBefore, long @Nullable [] after) {

        /**
         * The changes with each listed page's checksum at {@code since} too, read outside the lock; without
         * any checksums when {@code since} left the history meanwhile.
         */
        DbChanges withBefore(Database database, Pos since) {
            long[] now = after;
            List<Long> pgnos = changes.pgnos();
            if (now == null || pgnos == null) {
                return changes;
            }
            int lockPage = Pages.lockPage(database.pageSize());
            long[] wanted = pgnos.stream().mapToLong(Long::longValue)
                    .filter(pgno -> pgno <= commitBefore && pgno != lockPage).toArray();
            java.util.Map<Long, Long> then = new java.util.HashMap<>();
            try {
                for (PageData page : database.readPages(since, wanted)) {
                    then.put(page.pgno(), page.withChecksum().checksum());
                }
            } catch (IOException | StoreException gone) {
                return DbChanges.pages(changes.pos(), pgnos);
            }
            List<Checksum> before = new ArrayList<>(pgnos.size());
            List<Checksum> after = new ArrayList<>(pgnos.size());
            for (int i = 0; i < pgnos.size(); i++) {
                before.add(Checksum.of(then.getOrDefault(pgnos.get(i), 0L)));
                after.add(Checksum.of(now[i]));
            }
            return DbChanges.pages(changes.pos(), pgnos, before, after);
        }
    }

    /** The stored file after which the database was at {@code at}, or null. */
    public @Nullable StoredFile fileEndingAt(Pos at) {
        return underReadLock(() -> fileEndingAtLocked(at));
    }

    private @Nullable StoredFile fileEndingAtLocked(Pos at) {
        int low = 0;
        int high = files.size() - 1;
        TxId txid = at.txid();
        while (low <= high) {
            int middle = (low + high) >>> 1;
            StoredFile file = files.get(middle);
            int order = file.maxTxId().compareTo(txid);
            if (order == 0) {
                return file.postApply().equals(at.postApplyChecksum()) ? file : null;
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return null;
    }

    /** The first file of history (a snapshot), or null while there is none. */
    public @Nullable StoredFile first() {
        return underReadLock(() -> files.isEmpty() ? null : files.getFirst());
    }

    /** The file of history ending at {@code maxTxId}, or null. */
    public @Nullable StoredFile fileEnding(TxId maxTxId) {
        return underReadLock(() -> files.stream().filter(file -> file.maxTxId().equals(maxTxId)).findFirst().orElse(null));
    }

    /**
     * Forgets all history, for a replica that starts again from a snapshot because what it knew was
     * folded away. Call under the upload lock ({@link #exclusively}).
     */
    public void reset() {
        requireUploadLock("start history again");
        lock.writeLock().lock();
        try {
            files.clear();
            versions = new PageVersions();
            pageChecksums = new long[1];
            pos = Pos.ZERO;
            pageSize = 0;
            commit = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The consecutive files from the one starting at {@code min} to the one ending at {@code max}; empty
     * when history has no file boundary at either.
     */
    public List<StoredFile> filesBetween(TxId min, TxId max) {
        return underReadLock(() -> {
            List<StoredFile> between = new ArrayList<>();
            for (StoredFile file : files) {
                if (between.isEmpty() && !file.minTxId().equals(min)) {
                    continue;
                }
                between.add(file);
                if (file.maxTxId().equals(max)) {
                    return between;
                }
            }
            return List.of();
        });
    }

    /**
     * Puts {@code merged}, durable and made of {@code members}, in their place in history; false (and
     * nothing changed) when they are no longer consecutive files of it (a replica started again from a
     * snapshot, or adopted one, meanwhile). Positions between the members' are no longer kept.
     */
    public boolean replace(List<StoredFile> members, StoredFile merged) {
        StoredFile first = members.getFirst();
        StoredFile last = members.getLast();
        if (!merged.minTxId().equals(first.minTxId()) || !merged.header().preApplyChecksum().equals(first.header().preApplyChecksum())
                || !merged.pos().equals(last.pos()) || merged.commit() != last.commit()) {
            throw new IllegalStateException("merged file " + merged.path().getFileName() + " does not span "
                    + first.minTxId() + "-" + last.maxTxId() + " of " + name + " exactly");
        }
        lock.writeLock().lock();
        try {
            int start = -1;
            for (int i = 0; i < files.size() && start < 0; i++) {
                if (files.get(i) == members.getFirst()) {
                    start = i;
                }
            }
            if (start < 0 || start + members.size() > files.size()) {
                return false;
            }
            if (start == 0) {
                throw new IllegalStateException("the first file of " + name + "'s history (its snapshot) cannot be merged");
            }
            for (int i = 0; i < members.size(); i++) {
                if (files.get(start + i) != members.get(i)) {
                    return false;
                }
            }
            files.subList(start, start + members.size()).clear();
            files.add(start, merged);
            versions.replace(members, merged);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Puts a durable snapshot in place of the files it holds (every file up to its max TXID) and returns
     * them, less one at the snapshot's own path. The snapshot must end exactly where a file of history ends,
     * at the same position: this store's own, or one another replica made that this one verified.
     */
    public List<StoredFile> fold(StoredFile snapshot) {
        if (!snapshot.header().isSnapshot()) {
            throw new IllegalStateException(snapshot.path().getFileName() + " is not a snapshot; only one can be folded into");
        }
        List<StoredFile> folded;
        lock.writeLock().lock();
        try {
            StoredFile passed = fileEndingAtLocked(snapshot.pos());
            if (passed == null) {
                throw new IllegalStateException("snapshot " + snapshot.path().getFileName() + " at " + snapshot.pos()
                        + " does not end where a file of " + name + "'s history ends");
            }
            List<StoredFile> prefix = files.subList(0, files.indexOf(passed) + 1);
            folded = new ArrayList<>(prefix);
            prefix.clear();
            files.addFirst(snapshot);
            versions.replaceUpTo(snapshot);
        } finally {
            lock.writeLock().unlock();
        }
        folded.removeIf(file -> file.path().equals(snapshot.path()));
        return folded;
    }

    /**
     * Adds a verified, durable file to the end of history. Call under the upload lock ({@link #exclusively}),
     * having checked that it continues {@link #head}.
     */
    public void append(StoredFile file, int[] pgnos, long[] checksums) {
        requireUploadLock("append to history");
        lock.writeLock().lock();
        try {
            requireContinues(file);
            appendLocked(file, pgnos, checksums);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireContinues(StoredFile file) {
        Pos continues = new Pos(file.minTxId().previous(), file.header().preApplyChecksum());
        if (!continues.equals(pos)) {
            throw new IllegalStateException(file.path().getFileName() + " continues " + continues + " but " + name
                    + " is at " + pos);
        }
        if (!files.isEmpty() && file.header().pageSize() != pageSize) {
            throw new IllegalStateException(file.path().getFileName() + " has pages of " + file.header().pageSize()
                    + " bytes; " + name + "'s are " + pageSize);
        }
    }

    private void requireUploadLock(String change) {
        if (!uploadLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot " + change + " of " + name + " without holding its upload lock");
        }
    }

    private void appendLocked(StoredFile file, int[] pgnos, long[] checksums) {
        files.add(file);
        versions.add(file);
        int newCommit = file.commit();
        if (pageChecksums.length < newCommit + 1) {
            pageChecksums = java.util.Arrays.copyOf(pageChecksums, Math.max(newCommit + 1, pageChecksums.length * 2));
        }
        for (int i = 0; i < pgnos.length; i++) {
            pageChecksums[pgnos[i]] = checksums[i];
        }
        if (newCommit < commit) {
            java.util.Arrays.fill(pageChecksums, newCommit + 1, commit + 1, 0);
        }
        commit = newCommit;
        pageSize = file.header().pageSize();
        pos = file.pos();
    }
}
