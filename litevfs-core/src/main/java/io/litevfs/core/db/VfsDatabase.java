package io.litevfs.core.db;

import io.litevfs.core.cache.CacheStats;
import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.Await;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One database as the VFS serves it to every connection of the process.
 *
 * <p>States and moves:
 * <ol>
 *   <li>Readers: each connection's {@link DatabaseFile} holds a SQLite lock level; {@code sharedLocks}
 *       counts those at SHARED or above. RESERVED, PENDING and EXCLUSIVE work as in SQLite's own VFS,
 *       within this process.</li>
 *   <li>Position: the cache's. Reads use it for fetches, so a read transaction sees one position.</li>
 *   <li>Changes from the store ({@link #offer}) wait in {@code pending} while any connection holds a
 *       lock, and are applied ({@link #applyPending}) when the last lock is released or before the next
 *       first SHARED lock is granted: no read transaction ever sees pages of two positions.</li>
 *   <li>The header (page size, size in pages) comes from page 1 and is read again whenever page 1
 *       changed.</li>
 * </ol>
 */
public final class VfsDatabase {

    private static final Logger log = LoggerFactory.getLogger(VfsDatabase.class);

    private final String name;
    private final PageCache cache;
    private final CloudClient client;
    private final DatabaseSettings settings;
    private final Duration requestTimeout;
    private final Prefetcher prefetcher = new Prefetcher();
    private final ScanReadAhead readAhead = new ScanReadAhead();
    /** Moves on when the cache is dropped, so that batches read ahead before then are not kept after. */
    private volatile long cacheGeneration;
    private final LongAdder remoteRequests = new LongAdder();
    private final LongAdder bytesFetched = new LongAdder();

    private final Set<DatabaseFile> files = new HashSet<>();
    private int sharedLocks;
    private @Nullable DatabaseFile reserved;
    private @Nullable DatabaseFile pendingLock;
    private @Nullable DatabaseFile exclusive;

    private @Nullable Pos pendingPos;
    /** The position the pending answer was asked at. */
    private Pos pendingAskedAt = Pos.ZERO;
    private final Set<Long> pendingPages = new HashSet<>();
    private boolean pendingAll;

    private volatile int headerPageSize = -1;
    private volatile int headerCommit = -1;
    private volatile Pos storePos = Pos.ZERO;
    private volatile @Nullable Instant lastSync;

    private final LeaseKeeper leases;
    private final Path directory;
    private final DirtyPages dirty;
    private final CommitShipper shipper;
    private @Nullable DatabaseFile writer;
    private int dirtyCommit = -1;
    private int writePageSize;

    VfsDatabase(String name, PageCache cache, CloudClient client, DatabaseSettings settings, Duration requestTimeout,
                LeaseKeeper leases, Path directory) {
        this.name = name;
        this.cache = cache;
        this.client = client;
        this.settings = settings;
        this.requestTimeout = requestTimeout;
        this.leases = leases;
        this.directory = directory;
        this.dirty = new DirtyPages(directory.resolve(DIRTY_FILE));
        this.shipper = new CommitShipper(name, client, cache, requestTimeout);
    }

    /** The file holding pages written by a transaction not shipped yet. */
    static final String DIRTY_FILE = "dirty-pages";

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
        return !announced.equals(position()) && !announced.equals(storePos) && !shipper.shippedRecently(announced);
    }

    public @Nullable Instant lastSync() {
        return lastSync;
    }

    public CacheStats cacheStats() {
        return cache.stats();
    }

    public long remoteRequests() {
        return remoteRequests.sum();
    }

    public long bytesFetched() {
        return bytesFetched.sum();
    }

    public synchronized int openFiles() {
        return files.size();
    }

    synchronized DatabaseFile open(boolean readOnly) {
        DatabaseFile file = new DatabaseFile(this, readOnly);
        files.add(file);
        return file;
    }

    synchronized void closed(DatabaseFile file) {
        unlock(file, SqliteCodes.LOCK_NONE);
        files.remove(file);
    }

    PageCache cache() {
        return cache;
    }

    // ---- reads -----------------------------------------------------------------------------------

    int read(DatabaseFile file, ByteBuffer target, long offset) {
        synchronized (this) {
            if (writer != null && writePageSize > 0) {
                int pgno = (int) (offset / writePageSize + 1);
                if (pgno > dirtyCommit) {
                    return 0;
                }
                int length = target.remaining();
                if (dirty.read(pgno, (int) (offset % writePageSize), target, length)) {
                    return length;
                }
            }
        }
        return readStored(file, target, offset);
    }

    /** Reads the database as the store has it at this position, ignoring pages written and not shipped. */
    private int readStored(DatabaseFile file, ByteBuffer target, long offset) {
        int pageSize = pageSize(file);
        if (pageSize <= 0) {
            return 0;
        }
        int length = target.remaining();
        int pgno = (int) (offset / pageSize + 1);
        int inPage = (int) (offset % pageSize);
        if (inPage + length > pageSize) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: read of " + length + " bytes at " + offset
                    + " crosses a page boundary of " + name);
        }
        if (pgno > commit(file)) {
            return 0;
        }
        int start = target.position();
        if (cache.read(pgno, inPage, target, length)) {
            if (readAhead.reached(pgno)) {
                readAhead(file);
            }
        } else {
            byte[] page = fetch(file, pgno);
            if (page == null) {
                return 0;
            }
            target.put(page, inPage, length);
        }
        if (pgno == 1) {
            presentAsRollbackJournal(target, start, inPage, length);
        }
        return length;
    }

    long size(DatabaseFile file) {
        synchronized (this) {
            if (writer != null && writePageSize > 0) {
                return (long) writePageSize * dirtyCommit;
            }
        }
        int pageSize = pageSize(file);
        return pageSize <= 0 ? 0 : (long) pageSize * commit(file);
    }

    /**
     * WAL databases (file format versions 2 at bytes 18 and 19) are shown to SQLite as rollback-journal
     * ones (version 1): the VFS serves pages, it has no WAL, and the store holds the same pages either way.
     */
    private static void presentAsRollbackJournal(ByteBuffer target, int start, int inPage, int length) {
        for (int header = 18; header <= 19; header++) {
            if (header >= inPage && header < inPage + length && target.get(start + header - inPage) == 2) {
                target.put(start + header - inPage, (byte) 1);
            }
        }
    }

    private int pageSize(DatabaseFile file) {
        loadHeader(file);
        return headerPageSize;
    }

    private int commit(DatabaseFile file) {
        loadHeader(file);
        return headerCommit;
    }

    private void loadHeader(DatabaseFile file) {
        synchronized (this) {
            if (headerPageSize >= 0) {
                return;
            }
            if (position().isZero()) {
                headerPageSize = 0;
                headerCommit = 0;
                return;
            }
        }
        byte[] header = new byte[100];
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int cachedPageSize = cache.pageSize();
        if (cachedPageSize == 0 || !cache.read(1, 0, buffer, 100)) {
            byte[] page = fetch(file, 1);
            if (page == null) {
                synchronized (this) {
                    headerPageSize = 0;
                    headerCommit = 0;
                }
                return;
            }
            System.arraycopy(page, 0, header, 0, 100);
        }
        int pageSize = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        int commit = ByteBuffer.wrap(header).getInt(28);
        synchronized (this) {
            headerPageSize = pageSize == 1 ? 65536 : pageSize;
            headerCommit = commit;
        }
    }

    /**
     * Fetches page {@code pgno} and its prefetch companions (or waits for the read-ahead batch carrying
     * it); null when the store has no such page.
     */
    private byte @Nullable [] fetch(DatabaseFile file, int pgno) {
        if (readAhead.awaitArrival(pgno, Await.call(requestTimeout))) {
            byte[] page = cachedPage(pgno);
            if (page != null) {
                readAhead.reached(pgno);
                readAhead(file);
                return page;
            }
        }
        readAhead.forgetAhead();
        file.countRequest(settings.maxRequestsPerQuery());
        Pos at = cache.position();
        int pageSize = headerPageSize > 0 ? headerPageSize : 0;
        long[] pgnos = pageSize > 0
                ? prefetcher.request(pgno, headerCommit, pageSize, settings.maxPrefetchPages(), cache::contains)
                : new long[] {pgno};
        List<PageData> pages;
        try {
            pages = fetchAndKeep(at, pgnos);
        } catch (CloudException e) {
            if (e.isPositionMismatch()) {
                catchUpQuietly();
                throw new VfsException(SqliteCodes.IOERR_POSITION_MISMATCH, "litevfs: database " + name
                        + ": the store no longer serves position " + at + " (it is at " + e.pos()
                        + "); the next sync moves on, retry the transaction", e);
            }
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + name + ": page " + pgno
                    + " is not cached and cannot be fetched: " + e.getMessage(), e);
        }
        byte[] wanted = null;
        for (PageData page : pages) {
            if (page.pgno() == pgno) {
                wanted = page.data();
            }
        }
        log.debug("[pager] get_page: db={} pos={} pgno={} requested={} received={}", name, at, pgno, pgnos.length,
                pages.size());
        readAhead(file);
        return wanted;
    }

    private byte @Nullable [] cachedPage(int pgno) {
        int pageSize = cache.pageSize();
        byte[] page = new byte[pageSize];
        return pageSize > 0 && cache.read(pgno, 0, ByteBuffer.wrap(page), pageSize) ? page : null;
    }

    /**
     * Sends the requests a scan's next misses would make, without waiting for them, while there is room
     * ahead (see {@link ScanReadAhead}). Each counts against the query's request budget as the miss would
     * have; a query out of budget sends nothing ahead (its next miss reports it).
     */
    private void readAhead(DatabaseFile file) {
        int pageSize = headerPageSize;
        while (pageSize > 0 && readAhead.hasRoom() && file.requestsInQuery() < settings.maxRequestsPerQuery()) {
            int next = prefetcher.scanContinuation();
            if (next == 0 || cache.contains(next) || readAhead.isInFlight(next)) {
                return;
            }
            file.countRequest(settings.maxRequestsPerQuery());
            long[] pgnos = prefetcher.request(next, headerCommit, pageSize, settings.maxPrefetchPages(),
                    candidate -> cache.contains(candidate) || readAhead.isInFlight(candidate));
            Pos at = cache.position();
            long generation = cacheGeneration;
            remoteRequests.increment();
            readAhead.sent(pgnos, client.pages(name, at, pgnos)
                    .publishOn(Schedulers.boundedElastic())
                    .doOnNext(pages -> {
                        if (generation == cacheGeneration) {
                            keep(at, pages);
                        }
                    })
                    .toFuture());
        }
    }

    /**
     * One page request to the store, counted, with every page received kept in the cache (at {@code at})
     * and shown to the prefetcher. The first page 1 received also gives the cache its page size.
     */
    private List<PageData> fetchAndKeep(Pos at, long[] pgnos) {
        remoteRequests.increment();
        List<PageData> pages = Await.result(client.pages(name, at, pgnos), Await.call(requestTimeout),
                "GET /db/page of " + name);
        if (pages == null) {
            return List.of();
        }
        keep(at, pages);
        return pages;
    }

    /** Keeps the pages of one answer in the cache (at {@code at}), counted and shown to the prefetcher. */
    private void keep(Pos at, List<PageData> pages) {
        for (PageData page : pages) {
            bytesFetched.add(page.data().length);
            if (cache.pageSize() == 0 && page.pgno() == 1) {
                cache.moveTo(at, page.data().length, List.of(), false);
            }
            cache.put((int) page.pgno(), page.data(), at);
            prefetcher.observe((int) page.pgno(), page.data());
        }
    }

    /** Drops every cached page; refused while a connection holds a lock. */
    public synchronized void dropCache() {
        if (sharedLocks > 0) {
            throw new IllegalStateException("database " + name + " is being read or written; drop its cache when idle");
        }
        cacheGeneration++;
        cache.moveTo(position(), 0, List.of(), true);
        headerPageSize = -1;
        headerCommit = -1;
        prefetcher.reset();
    }

    /** Fetches every page not cached, in batches, outside any query budget; returns how many were fetched. */
    public long cacheEverything() {
        DatabaseFile file = new DatabaseFile(this, true);
        int commit = commit(file);
        long fetched = 0;
        int batch = Math.max(1, DatabaseSettings.MAX_PREFETCH_PAGES_LIMIT);
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (cache.contains(pgno) || pgno == io.litevfs.protocol.Pages.lockPage(headerPageSize)) {
                continue;
            }
            long[] pgnos = java.util.stream.IntStream.rangeClosed(pgno, Math.min(commit, pgno + batch - 1))
                    .filter(p -> !cache.contains(p)).mapToLong(p -> p).toArray();
            fetched += fetchAndKeep(cache.position(), pgnos).size();
            pgno += batch - 1;
        }
        return fetched;
    }

    // ---- writes ----------------------------------------------------------------------------------

    private void beginWrite(DatabaseFile file) {
        int pageSize = pageSize(file);
        writer = file;
        writePageSize = pageSize;
        dirtyCommit = pageSize > 0 ? commit(file) : 0;
    }

    synchronized void write(DatabaseFile file, ByteBuffer source, long offset) {
        if (writer != file) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": write without the write lock");
        }
        int length = source.remaining();
        if (writePageSize <= 0) {
            if (offset != 0) {
                throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name
                        + ": the first write of a new database must be page 1");
            }
            writePageSize = length;
        }
        int pgno = (int) (offset / writePageSize + 1);
        int inPage = (int) (offset % writePageSize);
        if (inPage + length > writePageSize) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: write of " + length + " bytes at " + offset
                    + " crosses a page boundary of " + name);
        }
        byte[] page = new byte[writePageSize];
        if (length < writePageSize) {
            currentPage(file, pgno, page);
        }
        source.get(page, inPage, length);
        dirty.write(pgno, page);
        dirtyCommit = Math.max(dirtyCommit, pgno);
    }

    synchronized void truncate(DatabaseFile file, long size) {
        if (writer != file || writePageSize <= 0) {
            throw new VfsException(SqliteCodes.IOERR_TRUNCATE, "litevfs: database " + name + ": truncate without the write lock");
        }
        dirtyCommit = (int) (size / writePageSize);
        dirty.truncate(dirtyCommit);
    }

    /** The page as the writing connection sees it: written, cached, fetched, or past the end (zeros). */
    private void currentPage(DatabaseFile file, int pgno, byte[] page) {
        ByteBuffer target = ByteBuffer.wrap(page);
        if (dirty.read(pgno, 0, target, page.length) || pgno > headerCommit) {
            return;
        }
        readStored(file, target, (long) (pgno - 1) * page.length);
    }

    /**
     * Ends the write transaction when the writer drops below RESERVED: SQLite has committed (page 1, whose
     * change counter every commit updates, differs from the store's) or rolled back. A commit is shipped
     * now; if the store refuses it or cannot be reached, the written pages are dropped and the error
     * returned, so that SQLite discards its own cache and reads the store's state again.
     */
    private void finishWrite() {
        Pos base = position();
        int oldCommit = headerCommit < 0 ? 0 : headerCommit;
        try {
            if (!committed()) {
                return;
            }
            String leaseId = leases.heldId(name);
            if (leaseId == null) {
                throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the write lease was "
                        + "lost before the commit could be shipped; the transaction was dropped, take the lease and retry");
            }
            CommitShipper.Shipped shipped = shipper.ship(dirty, base, writePageSize, oldCommit, dirtyCommit, leaseId, directory);
            cache.moveTo(shipped.pos(), writePageSize, shipped.changed(), false);
            for (int pgno : dirty.pgnos()) {
                cache.put(pgno, dirty.page(pgno), shipped.pos());
            }
            storePos = shipped.pos();
            log.debug("[commit] db={} pos={} -> {} pages={}", name, base, shipped.pos(), dirty.size());
        } catch (CloudException e) {
            if (e.isPositionMismatch()) {
                catchUpQuietly();
                throw new VfsException(SqliteCodes.IOERR_POSITION_MISMATCH, "litevfs: database " + name + ": the commit "
                        + "was refused because the store moved on (it is at " + e.pos() + ", the transaction started at "
                        + base + "); the transaction was dropped, retry it", e);
            }
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the store did not accept "
                    + "the commit (" + e.code() + ": " + e.getMessage() + "); the transaction was dropped", e);
        } catch (IOException e) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the commit could not be "
                    + "prepared (" + e + "); the transaction was dropped", e);
        } finally {
            dirty.clear();
            writer = null;
            dirtyCommit = -1;
            writePageSize = 0;
            headerPageSize = -1;
            headerCommit = -1;
            prefetcher.reset();
        }
    }

    /** Whether the transaction that ends committed: page 1 written and different from the store's. */
    private boolean committed() {
        if (dirty.isEmpty() && dirtyCommit == headerCommit) {
            return false;
        }
        if (!dirty.contains(1)) {
            return false;
        }
        if (position().isZero()) {
            return true;
        }
        byte[] stored = new byte[writePageSize];
        readStored(new DatabaseFile(this, true), ByteBuffer.wrap(stored), 0);
        return !java.util.Arrays.equals(stored, dirty.page(1));
    }

    // ---- locks -----------------------------------------------------------------------------------

    synchronized int lock(DatabaseFile file, int level) {
        int current = file.lockLevel;
        if (level <= current) {
            return SqliteCodes.OK;
        }
        if (level == SqliteCodes.LOCK_SHARED) {
            if ((pendingLock != null && pendingLock != file) || (exclusive != null && exclusive != file)) {
                return SqliteCodes.BUSY;
            }
            if (sharedLocks == 0) {
                applyPending();
            }
            sharedLocks++;
            file.lockLevel = SqliteCodes.LOCK_SHARED;
            file.resetQuery();
            return SqliteCodes.OK;
        }
        if (level == SqliteCodes.LOCK_RESERVED) {
            if (reserved != null && reserved != file) {
                return SqliteCodes.BUSY;
            }
            if (leases.heldId(name) == null) {
                throw new VfsException(SqliteCodes.READONLY, "litevfs: database " + name + ": writing needs its write "
                        + "lease; take it with PRAGMA litevfs_acquire_lease (and release it with PRAGMA "
                        + "litevfs_release_lease), or write inside LiteVfs.withWriteLease");
            }
            beginWrite(file);
            reserved = file;
            file.lockLevel = SqliteCodes.LOCK_RESERVED;
            return SqliteCodes.OK;
        }
        pendingLock = file;
        if (sharedLocks > 1) {
            file.lockLevel = SqliteCodes.LOCK_PENDING;
            return SqliteCodes.BUSY;
        }
        exclusive = file;
        pendingLock = null;
        file.lockLevel = SqliteCodes.LOCK_EXCLUSIVE;
        return SqliteCodes.OK;
    }

    synchronized void unlock(DatabaseFile file, int level) {
        int current = file.lockLevel;
        if (level >= current) {
            return;
        }
        if (level < SqliteCodes.LOCK_RESERVED) {
            if (reserved == file) {
                reserved = null;
            }
            if (pendingLock == file) {
                pendingLock = null;
            }
            if (exclusive == file) {
                exclusive = null;
            }
        }
        if (level == SqliteCodes.LOCK_NONE && current >= SqliteCodes.LOCK_SHARED) {
            sharedLocks--;
        }
        file.lockLevel = level;
        try {
            if (writer == file && level < SqliteCodes.LOCK_RESERVED) {
                finishWrite();
            }
        } finally {
            if (sharedLocks == 0) {
                applyPending();
            }
        }
    }

    synchronized boolean reservedLockHeld() {
        return reserved != null;
    }

    // ---- changes from the store --------------------------------------------------------------------

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
        if (sharedLocks == 0) {
            applyPending();
        }
    }

    /** Whether an answer at {@code answered}, asked at {@code askedAt}, describes a state the node has left. */
    private static boolean isStale(Pos answered, boolean all, Pos askedAt, Pos current) {
        boolean behind = answered.txid().compareTo(current.txid()) < 0;
        return behind && !(all && askedAt.equals(current));
    }

    private void applyPending() {
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
        if (all || pendingPages.contains(1L)) {
            headerPageSize = -1;
            headerCommit = -1;
        }
        if (all || !pendingPages.isEmpty()) {
            prefetcher.reset();
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

    // ---- pragmas ---------------------------------------------------------------------------------

    @Nullable String pragma(DatabaseFile file, String pragma, @Nullable String argument) {
        return switch (pragma.toLowerCase(Locale.ROOT)) {
            case "litevfs_max_prefetch_pages" -> setting(argument, settings::maxPrefetchPages, () -> settings.maxPrefetchPages());
            case "litevfs_max_reqs_per_query" -> setting(argument, settings::maxRequestsPerQuery, () -> settings.maxRequestsPerQuery());
            case "litevfs_cache_sync_period" -> {
                if (argument != null) {
                    settings.syncPeriod(Duration.ofMillis(integer(pragma, argument)));
                }
                yield Long.toString(settings.syncPeriod().toMillis());
            }
            case "litevfs_max_cached_pages" -> {
                if (argument != null) {
                    int pages = (int) integer(pragma, argument);
                    DatabaseSettings.require(pages >= 0, "litevfs_max_cached_pages must be 0 (no limit) or more, got " + pages);
                    cache.limits(pages, cache.minAvailableSpace());
                }
                yield Integer.toString(cache.maxPages());
            }
            case "litevfs_min_available_space" -> {
                if (argument != null) {
                    long bytes = integer(pragma, argument);
                    DatabaseSettings.require(bytes >= 0, "litevfs_min_available_space must be 0 or more bytes, got " + bytes);
                    cache.limits(cache.maxPages(), bytes);
                }
                yield Long.toString(cache.minAvailableSpace());
            }
            case "litevfs_cache_db" -> Long.toString(cacheEverything());
            case "litevfs_acquire_lease" -> {
                String id = leases.acquire(name, this).leaseId();
                syncNow();
                yield id;
            }
            case "litevfs_release_lease" -> {
                leases.release(name, this);
                yield "released";
            }
            case "locking_mode" -> {
                if (argument != null && argument.strip().equalsIgnoreCase("exclusive")) {
                    throw new VfsException(SqliteCodes.ERROR, "litevfs: locking_mode=EXCLUSIVE is not supported: "
                            + "LiteVFS ships a commit when SQLite releases its write lock, which exclusive mode never does");
                }
                yield null;
            }
            case "litevfs_position" -> position().toString();
            case "litevfs_sync" -> {
                syncNow();
                yield position().toString();
            }
            default -> null;
        };
    }

    /** Asks the store for changes now and applies them when no reader holds a lock. */
    public void syncNow() {
        try {
            Pos askedAt = position();
            DbChanges changes = Await.result(client.changes(name, askedAt), Await.call(requestTimeout),
                    "GET /db/sync of " + name);
            if (changes != null) {
                offer(changes, askedAt);
            }
        } catch (CloudException e) {
            throw new VfsException(SqliteCodes.IOERR, "litevfs: database " + name + ": cannot sync with the store: "
                    + e.getMessage(), e);
        }
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

    private static String setting(@Nullable String argument, java.util.function.IntConsumer set,
                                  java.util.function.IntSupplier get) {
        if (argument != null) {
            set.accept((int) integer("value", argument));
        }
        return Integer.toString(get.getAsInt());
    }

    private static long integer(String pragma, String argument) {
        try {
            return Long.parseLong(argument.trim());
        } catch (NumberFormatException e) {
            throw new VfsException(SqliteCodes.ERROR, pragma + " takes a whole number, got \"" + argument + "\"");
        }
    }
}
