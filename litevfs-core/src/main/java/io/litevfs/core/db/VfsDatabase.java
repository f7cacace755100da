package io.litevfs.core.db;

import io.litevfs.core.cache.CacheStats;
import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.vfs.PragmaAnswer;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * One database as the VFS serves it to every connection of the process: its position, and the changes
 * from the store waiting to be applied. Its parts: {@link Locks} (the lock levels of its connections),
 * {@link Pager} (reads, fetches, the header), {@link WriteTransaction} (the writer and its commit),
 * {@link Pragmas}.
 *
 * <p>Invariants:
 * <ol>
 *   <li>The position is the cache's. Reads use it for fetches, so a read transaction sees one position.</li>
 *   <li>Changes from the store ({@link #offer}) wait in {@code pending} while any connection holds a
 *       lock, and are applied ({@link #applyPending}) when the last lock is released or before the next
 *       first SHARED lock is granted: no read transaction ever sees pages of two positions.</li>
 *   <li>The position never goes backwards for an answer asked at an older position (see {@link #offer}).</li>
 * </ol>
 * Every method that changes state holds this object's lock; reads and fetches do not.
 *
 * <p>About 350 lines: besides the position and the pending changes it is the one face of the database
 * that {@link DatabaseFile} and the pragmas call, each method a few lines handing on to a part.
 */
public final class VfsDatabase {

    private static final Logger log = LoggerFactory.getLogger(VfsDatabase.class);

    /**
     * SQLite keeps a connection's pages from one transaction to the next while the 16 bytes at offset 24 of
     * page 1 (change counter, size, freelist) read the same as before. After a repair ({@link #repairCache})
     * they do, though pages it kept may be the ones repaired; so each connection's next such read shows a
     * changed counter, once, and SQLite drops what it kept. Nothing else of page 1 is shown changed, and the
     * next read of page 1 gives it as it is.
     */
    private static final long CHANGE_CHECK_OFFSET = 24;
    private static final int CHANGE_CHECK_LENGTH = 16;

    private final String name;
    private final PageCache cache;
    private final BlockingCloudClient client;
    private final DatabaseSettings settings;
    private final LeaseKeeper leases;
    private final Locks<DatabaseFile> locks = new Locks<>(new LockMoves());
    private final Pager pager;
    private final WriteTransaction writes;

    private @Nullable Pos pendingPos;
    /** The position the pending answer was asked at. */
    private Pos pendingAskedAt = Pos.ZERO;
    private final Set<Long> pendingPages = new HashSet<>();
    private boolean pendingAll;
    /** Every cached page is to be fetched again: the store refused a commit read from them. */
    private boolean repairPending;
    private volatile long repairs;
    private volatile Pos storePos = Pos.ZERO;
    private volatile @Nullable Instant lastSync;

    VfsDatabase(String name, PageCache cache, BlockingCloudClient client, DatabaseSettings settings, LeaseKeeper leases,
                Path directory) {
        this.name = name;
        this.cache = cache;
        this.client = client;
        this.settings = settings;
        this.leases = leases;
        this.pager = new Pager(name, cache, client, settings, this::catchUpQuietly);
        this.writes = new WriteTransaction(name, pager, cache, client, leases, directory, this::catchUpQuietly,
                this::repairCache, () -> new DatabaseFile(this, true));
    }

    public String name() {
        return name;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** The position the connections read at. */
    public Pos position() {
        return cache.position();
    }

    /** The store's position as last heard (by sync), which may be ahead while changes wait for readers. */
    public Pos storePosition() {
        return storePos;
    }

    /**
     * Whether a position the store announced is news to this node: neither where it reads, nor the
     * store's position as last heard, nor a position one of its own recent commits produces (whose event
     * may arrive before the commit's answer, or after later commits). A node's own commit must not cost
     * it a sync.
     */
    public boolean isNews(Pos announced) {
        return !announced.equals(position()) && !announced.equals(storePos) && !writes.shippedRecently(announced);
    }

    public @Nullable Instant lastSync() {
        return lastSync;
    }

    public CacheStats cacheStats() {
        return cache.stats();
    }

    public long remoteRequests() {
        return pager.remoteRequests();
    }

    public long bytesFetched() {
        return pager.bytesFetched();
    }

    /**
     * The page requests the original LiteVFS 0.1.1 would have made for this database's reads so far, from a
     * model of its prefetching that runs beside the pager ({@code OriginalPrefetch}), which bounds this
     * node's requests ({@code RequestBound}: ours never exceed it, short of cache evictions).
     */
    public long originalRequests() {
        return pager.originalRequests();
    }

    /** The pages the original LiteVFS 0.1.1 would have requested for this database's reads so far (a model). */
    public long originalPagesRequested() {
        return pager.originalPagesRequested();
    }

    public synchronized int openFiles() {
        return locks.holders();
    }

    synchronized DatabaseFile open(boolean readOnly) {
        DatabaseFile file = new DatabaseFile(this, readOnly);
        locks.open(file);
        return file;
    }

    synchronized void closed(DatabaseFile file) {
        locks.close(file);
    }

    PageCache cache() {
        return cache;
    }

    // Reads and writes of the connections' files.

    int read(DatabaseFile file, ByteBuffer target, long offset) {
        synchronized (this) {
            int written = writes.read(file, target, offset);
            if (written >= 0) {
                return written;
            }
        }
        int start = target.position();
        int read = pager.read(file, target, offset);
        if (offset == CHANGE_CHECK_OFFSET && read == CHANGE_CHECK_LENGTH && file.missedRepair(repairs)) {
            target.put(start, (byte) ~target.get(start));
        }
        return read;
    }

    /** How many times the cache was repaired: connections that have not seen the last one drop their pages. */
    long repairs() {
        return repairs;
    }

    long size(DatabaseFile file) {
        synchronized (this) {
            long written = writes.size(file);
            if (written >= 0) {
                return written;
            }
        }
        return pager.size(file);
    }

    synchronized void write(DatabaseFile file, ByteBuffer source, long offset) {
        writes.write(file, source, offset);
    }

    synchronized void truncate(DatabaseFile file, long size) {
        writes.truncate(file, size);
    }

    synchronized int lock(DatabaseFile file, int level) {
        int result = locks.lock(file, level);
        if (result == SqliteCodes.OK && level == SqliteCodes.LOCK_SHARED) {
            file.resetQuery();
        }
        return result;
    }

    synchronized void unlock(DatabaseFile file, int level) {
        locks.unlock(file, level);
    }

    synchronized boolean reservedLockHeld() {
        return locks.reservedHeld();
    }

    /** A read-only view of this database as of a point of the store's history, for one connection. */
    TimeTravel timeTravel(String asked) {
        return TimeTravel.to(name, client, asked);
    }

    @Nullable PragmaAnswer pragma(String pragma, @Nullable String argument) {
        return Pragmas.apply(this, pragma, argument);
    }

    /** What the locks' moves do, called under this object's lock. */
    private final class LockMoves implements Locks.Moves<DatabaseFile> {
        @Override
        public void beforeFirstShared() {
            applyPending();
        }

        @Override
        public void reservedTaken(DatabaseFile file) {
            writes.begin(file);
        }

        @Override
        public void belowReserved(DatabaseFile file) {
            if (!writes.isWriter(file)) {
                return;
            }
            WriteTransaction.Committed committed = writes.finish(position());
            if (committed != null) {
                storePos = committed.pos();
            }
        }

        @Override
        public void allReleased() {
            applyPending();
        }
    }

    // The cache as a whole.

    /** Drops every cached page; refused while a connection holds a lock. */
    public synchronized void dropCache() {
        if (locks.anyShared()) {
            throw new IllegalStateException("database " + name + " is being read or written; drop its cache when idle");
        }
        pager.dropCache();
    }

    /** Before an integrity or quick check: every page cached, or the check refused for the budget (see {@link Pager#cacheForCheck}). */
    void cacheForCheck(String pragma) {
        pager.cacheForCheck(new DatabaseFile(this, true), pragma);
    }

    /** Fetches every page not cached, in batches, outside any query budget; returns how many were fetched. */
    public long cacheEverything() {
        return pager.cacheEverything(new DatabaseFile(this, true));
    }

    /**
     * Checks the whole database as this node reads it against its position's checksum, repairing the cache
     * when it is the cache that differs ({@link CacheVerifier}); answers what was found.
     */
    public String verify() {
        return new CacheVerifier(name, cache, client, this::repairCache).verify();
    }

    /** Closes the files this database holds open (its cache and its written pages). */
    public void close() throws IOException {
        try {
            writes.close();
        } finally {
            cache.close();
        }
    }

    // Leases taken from SQL.

    String acquireLeaseFromSql() {
        String id = leases.acquire(name, this).leaseId();
        syncNow();
        return id;
    }

    void releaseLeaseFromSql() {
        leases.release(name, this);
    }

    // Changes from the store.

    /**
     * Takes what the store says changed since {@code askedAt}, the position this node asked from; applied
     * when no reader holds a lock.
     *
     * <p>A node's position never goes backwards because of an old question. An answer behind the node's
     * position is applied only when it is "all" and was asked at exactly that position: then the store no
     * longer has this node's position (it was replaced or restored) and the store is the authority. Any
     * other answer behind it was asked before this node's own commits moved it on (a sync that was on its
     * way while they landed), and describes a state the node has already left: it is discarded.
     */
    public synchronized void offer(DbChanges changes, Pos askedAt) {
        lastSync = Instant.now();
        Pos current = position();
        if (isStale(changes.pos(), changes.refetchAll(), askedAt, current)) {
            log.debug("[sync] db={} pos={}: discarding an answer at {} asked at {}", name, current, changes.pos(), askedAt);
            return;
        }
        if (pendingPos != null && !changes.refetchAll() && changes.pos().txid().compareTo(pendingPos.txid()) < 0) {
            return;
        }
        storePos = changes.pos();
        if (changes.pos().equals(current) && pendingPos == null) {
            return;
        }
        pendingPos = changes.pos();
        pendingAskedAt = askedAt;
        if (changes.refetchAll()) {
            pendingAll = true;
        } else if (changes.pgnos() != null) {
            pendingPages.addAll(changes.pgnos());
        }
        if (!locks.anyShared()) {
            applyPending();
        }
    }

    /** Asks the store for changes now and applies them when no reader holds a lock. */
    public void syncNow() {
        try {
            sync();
        } catch (CloudException e) {
            throw new VfsException(SqliteCodes.IOERR, "litevfs: database " + name + ": cannot sync with the store: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The one way a single database asks the store what changed since its position; the answer goes
     * through {@link #offer}, as the sync loop's answers for many databases at once do.
     *
     * @throws CloudException when the store cannot answer
     */
    DbChanges sync() {
        Pos askedAt = position();
        DbChanges changes = client.changes(name, askedAt, !cache.contains(1));
        offer(changes, askedAt);
        PageData page1 = changes.firstPage();
        if (page1 != null) {
            pager.offerPage1(changes.pos(), page1);
        }
        return changes;
    }

    /** Whether an answer at {@code answered}, asked at {@code askedAt}, describes a state the node has left. */
    private static boolean isStale(Pos answered, boolean all, Pos askedAt, Pos current) {
        boolean behind = answered.txid().compareTo(current.txid()) < 0;
        return behind && !(all && askedAt.equals(current));
    }

    /**
     * The cache disagrees with the store at the same position (a commit read from it was refused as not
     * adding up): every cached page is dropped, to be fetched again (and verified), once no reader holds a
     * lock. A node repairs itself; nobody deletes a cache by hand.
     */
    private synchronized void repairCache() {
        repairPending = true;
        log.warn("[cache] db={} pos={}: the store refused a commit read from this cache; every cached page will be "
                + "fetched again", name, position());
        if (!locks.anyShared()) {
            applyPending();
        }
    }

    private void applyPending() {
        if (repairPending) {
            repairPending = false;
            pager.dropCache();
            repairs++;
        }
        Pos target = pendingPos;
        if (target == null) {
            return;
        }
        Pos from = position();
        if (target.equals(from) || isStale(target, pendingAll, pendingAskedAt, from)) {
            clearPending();
            return;
        }
        boolean all = pendingAll || target.isZero();
        cache.moveTo(target, 0, pendingPages, all);
        pager.pagesChanged(all, pendingPages);
        if (all || pendingPages.contains(1L)) {
            pager.headerChanged();
        }
        if (all || !pendingPages.isEmpty()) {
            pager.treesChanged();
        }
        log.debug("[sync] db={} pos={} -> {} changed={}", name, from, target, all ? "all" : pendingPages.size());
        clearPending();
    }

    private void clearPending() {
        pendingPos = null;
        pendingAskedAt = Pos.ZERO;
        pendingPages.clear();
        pendingAll = false;
    }

    /**
     * After a position mismatch: learns the store's position at once (applied when no lock is held), so
     * that the retry the caller is told to make sees it; a failure here leaves it to the next sync.
     */
    private void catchUpQuietly() {
        try {
            syncNow();
        } catch (VfsException e) {
            log.debug("[sync] db={} catch-up after a position mismatch failed: {}", name, e.getMessage());
        }
    }
}
