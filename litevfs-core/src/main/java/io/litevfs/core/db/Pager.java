package io.litevfs.core.db;

import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.Await;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Reads of one database as the store has it at the cache's position: from the cache, or fetched with
 * their prefetch companions and kept; scans read ahead ({@link ScanReadAhead}); each fetch counts against
 * the query's request budget. Every read is shown to {@link RequestBound} first, which says which pages a
 * request must carry (or sends a catch-up), and whether a scan may read ahead, so that this node makes no
 * more requests than the original LiteVFS would; the {@link Prefetcher}'s predictions fill the rest of
 * each request. Owns the header of
 * page 1 (page size, size in pages) as last read.
 *
 * <p>Invariants:
 * <ol>
 *   <li>{@code headerPageSize} and {@code headerCommit} are -1 (unknown, read again on next use) or
 *       describe page 1 at the cache's position; whoever changes page 1 calls {@link #headerChanged}.</li>
 *   <li>Every page kept is kept at the position it was fetched for; a batch read ahead is kept only if
 *       the cache was not dropped meanwhile ({@code cacheGeneration}).</li>
 *   <li>Every page kept or returned passed the answer's checks (asked for, its checksum, see
 *       {@code PageAnswerCheck}) and is of the cache's page size; a page the database has is never read as
 *       zeros because an answer left it out.</li>
 * </ol>
 * Header fields are guarded by this pager's lock, held for moments only; fetches happen outside it.
 */
final class Pager {

    private static final Logger log = LoggerFactory.getLogger(Pager.class);

    private final String name;
    private final PageCache cache;
    private final BlockingCloudClient client;
    private final DatabaseSettings settings;
    /** Told when the store no longer serves the cache's position, so that the database catches up. */
    private final Runnable onPositionGone;
    private final Prefetcher prefetcher = new Prefetcher(this::cachedInteriorPage);
    private final ScanReadAhead readAhead = new ScanReadAhead();
    private final RequestBound bound = new RequestBound();
    /** Moves on when the cache is dropped, so that batches read ahead before then are not kept after. */
    private volatile long cacheGeneration;
    private final LongAdder remoteRequests = new LongAdder();
    private final LongAdder bytesFetched = new LongAdder();
    private volatile int headerPageSize = -1;
    private volatile int headerCommit = -1;

    Pager(String name, PageCache cache, BlockingCloudClient client, DatabaseSettings settings, Runnable onPositionGone) {
        this.name = name;
        this.cache = cache;
        this.client = client;
        this.settings = settings;
        this.onPositionGone = onPositionGone;
    }

    long remoteRequests() {
        return remoteRequests.sum();
    }

    long bytesFetched() {
        return bytesFetched.sum();
    }

    /** Reads at the cache's position; 0 past the end of the database. */
    int read(DatabaseFile file, ByteBuffer target, long offset) {
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
        boolean cached = cache.read(pgno, inPage, target, length);
        showToTheBound(pgno, pageSize, cached);
        if (cached) {
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
        if (length == pageSize) {
            showWholePage(pgno, target, start);
        }
        if (pgno == 1) {
            presentAsRollbackJournal(target, start, inPage, length);
        }
        return length;
    }

    /**
     * Shows the read to the model of the original LiteVFS ({@link RequestBound}) before anything is fetched
     * for it, and sends the catch-up it may ask for.
     */
    private void showToTheBound(int pgno, int pageSize, boolean cached) {
        boolean ours = cached || readAhead.isInFlight(pgno);
        int[] catchUp = bound.observe(pgno, ours, this::fetchable, Pages.maxPagesPerRequest(pageSize));
        if (catchUp.length > 0 && settings.maxPrefetchPages() > 0) {
            long[] pgnos = Arrays.stream(catchUp).mapToLong(page -> page).toArray();
            readAhead.carrying(pgnos, sendAhead(pgnos));
        }
    }

    /** Shows the model a whole page read, if it is one that changes its candidates (interior pages and page 1). */
    private void showWholePage(int pgno, ByteBuffer target, int start) {
        int type = target.get(start + BTreePages.headerOffset(pgno)) & 0xFF;
        if (pgno == 1 || BTreePages.isInteriorType(type)) {
            byte[] page = new byte[target.position() - start];
            target.get(start, page);
            bound.read(pgno, page);
        }
    }

    /** Whether {@code pgno} would be fetched now: in the database, not the lock page, not cached, not on its way. */
    private boolean fetchable(int pgno) {
        int commit = headerCommit;
        int pageSize = headerPageSize;
        return pgno >= 1 && pgno <= commit && pageSize > 0 && pgno != Pages.lockPage(pageSize)
                && !cache.contains(pgno) && !readAhead.isInFlight(pgno);
    }

    long size(DatabaseFile file) {
        int pageSize = pageSize(file);
        return pageSize <= 0 ? 0 : (long) pageSize * commit(file);
    }

    int pageSize(DatabaseFile file) {
        loadHeader(file);
        return headerPageSize;
    }

    int commit(DatabaseFile file) {
        loadHeader(file);
        return headerCommit;
    }

    /** The size in pages as last read, without reading it: -1 when unknown. */
    int knownCommit() {
        return headerCommit;
    }

    /** Page 1 changed (or the whole database did): its header is read again on next use. */
    synchronized void headerChanged() {
        headerPageSize = -1;
        headerCommit = -1;
    }

    /**
     * Page 1 given with a sync's answer at {@code at} (already checked as any page answer is): kept when the
     * cache is at that position and lacks it, so that the first read of the database needs no request.
     */
    void offerPage1(Pos at, PageData page1) {
        if (cache.position().equals(at) && !cache.contains(1)) {
            keep(at, List.of(page1));
            headerChanged();
        }
    }

    /** The database changed under what the prefetcher learnt of its b-trees. */
    void treesChanged() {
        prefetcher.reset();
    }

    /** A sync moved the cache on: {@code pgnos} changed, or every page did. */
    void pagesChanged(boolean all, Collection<Long> pgnos) {
        if (all) {
            bound.allChanged();
        } else {
            bound.changed(pgnos.stream().mapToInt(Long::intValue).toArray());
        }
    }

    /** A commit of this node wrote {@code pgnos}: they are cached, as the original keeps the pages it writes. */
    void pagesWritten(Iterable<Integer> pgnos) {
        for (int pgno : pgnos) {
            bound.cached(pgno);
        }
    }

    /** The requests the original LiteVFS would have made for the reads of this database so far (a model). */
    long originalRequests() {
        return bound.originalRequests();
    }

    /** The pages the original LiteVFS would have requested for the reads so far (a model; repeats counted). */
    long originalPagesRequested() {
        return bound.originalPagesRequested();
    }

    /** Drops every cached page (the caller makes sure nobody reads meanwhile). */
    void dropCache() {
        cacheGeneration++;
        cache.moveTo(cache.position(), 0, List.of(), true);
        headerChanged();
        prefetcher.reset();
        bound.empty();
    }

    /**
     * Fetches every page not cached, in batches, outside any query budget, as {@code PRAGMA litevfs_cache_db}
     * does in the original too; returns how many were fetched.
     */
    long cacheEverything(DatabaseFile file) {
        return cacheEverything(file, true);
    }

    /** The same; {@code originalToo} when the original LiteVFS would have cached them too (see {@link RequestBound}). */
    private long cacheEverything(DatabaseFile file, boolean originalToo) {
        int commit = commit(file);
        if (commit <= 0) {
            return 0;
        }
        int batch = Pages.maxPagesPerRequest(headerPageSize);
        long fetched = 0;
        long[] pgnos = new long[batch];
        int count = 0;
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (pgno != Pages.lockPage(headerPageSize) && !cache.contains(pgno)) {
                pgnos[count++] = pgno;
            }
            if (count == batch || (pgno == commit && count > 0)) {
                for (PageData page : fetchAndKeep(cache.position(), Arrays.copyOf(pgnos, count))) {
                    if (originalToo) {
                        bound.cached((int) page.pgno());
                    }
                    fetched++;
                }
                count = 0;
            }
        }
        return fetched;
    }

    /**
     * Before {@code pragma} (an integrity or quick check, which reads every page of the database): fetches
     * every page not cached, in as few requests as the store allows, rather than page by page as the
     * check walks the b-trees; when that takes more requests than the query budget, fails the pragma
     * as a whole, naming the budget, rather than letting SQLite report pages it could not get (which reads
     * as a corrupt database).
     */
    void cacheForCheck(DatabaseFile file, String pragma) {
        int commit = commit(file);
        if (commit <= 0) {
            return;
        }
        long missing = IntStream.rangeClosed(1, commit)
                .filter(pgno -> pgno != Pages.lockPage(headerPageSize) && !cache.contains(pgno)).count();
        int perRequest = Pages.maxPagesPerRequest(headerPageSize);
        long needed = (missing + perRequest - 1) / perRequest;
        int budget = settings.maxRequestsPerQuery();
        if (needed > budget) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs: database " + name + ": PRAGMA " + pragma + " reads every "
                    + "page, and " + missing + " are not cached: that takes " + needed + " remote page requests, more "
                    + "than this query's budget of " + budget + "; raise the budget with PRAGMA litevfs_max_reqs_per_query "
                    + "(up to " + DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT + "), or cache the database first with "
                    + "PRAGMA litevfs_cache_db");
        }
        cacheEverything(file, false);
    }

    /** SQLite sees every database in rollback-journal mode: a WAL database's format versions (2) read as 1. */
    static void presentAsRollbackJournal(ByteBuffer target, int start, int inPage, int length) {
        for (int header = 18; header <= 19; header++) {
            if (header >= inPage && header < inPage + length && target.get(start + header - inPage) == 2) {
                target.put(start + header - inPage, (byte) 1);
            }
        }
    }

    private void loadHeader(DatabaseFile file) {
        synchronized (this) {
            if (headerPageSize >= 0) {
                return;
            }
            if (cache.position().isZero()) {
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
        int pageSize = Pages.pageSizeOf(header);
        int commit = ByteBuffer.wrap(header).getInt(28);
        synchronized (this) {
            headerPageSize = pageSize;
            headerCommit = commit;
        }
    }

    /**
     * Fetches page {@code pgno} and its prefetch companions (or waits for the read-ahead batch carrying
     * it); null when the store has no such page.
     */
    private byte @Nullable [] fetch(DatabaseFile file, int pgno) {
        if (readAhead.awaitArrival(pgno, Await.call(client.requestTimeout()))) {
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
        long[] pgnos = pageSize > 0 ? missRequest(pgno, pageSize) : new long[] {pgno};
        bound.sent(pgnos);
        List<PageData> pages;
        try {
            pages = fetchAndKeep(at, pgnos);
        } catch (CloudException e) {
            if (e.isPositionMismatch()) {
                onPositionGone.run();
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
        if (wanted == null) {
            checkLeftOutRightly(pgno, at);
        }
        readAhead(file);
        return wanted;
    }

    /**
     * The pages to ask for with a miss on {@code pgno}: the page, the owed pages the {@link RequestBound}
     * requires, then the prefetcher's choice, up to what one request may name. With prefetch turned off
     * ({@code litevfs_max_prefetch_pages = 0}) the page alone: fewest bytes, and no bound.
     */
    private long[] missRequest(int pgno, int pageSize) {
        int perRequest = Pages.maxPagesPerRequest(pageSize);
        LinkedHashSet<Long> chosen = new LinkedHashSet<>();
        chosen.add((long) pgno);
        if (settings.maxPrefetchPages() > 0) {
            for (int page : bound.requiredWith(pgno, perRequest, RequestBound.smallDebt(pageSize))) {
                if (chosen.size() < perRequest && fetchable(page)) {
                    chosen.add((long) page);
                }
            }
        }
        for (long page : prefetcher.request(pgno, headerCommit, pageSize, settings.maxPrefetchPages(),
                page -> cache.contains(page) || readAhead.isInFlight(page))) {
            if (chosen.size() >= perRequest) {
                break;
            }
            chosen.add(page);
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A store leaves out only pages past the database's end: page 1 of a database that is not empty
     * (its position's checksum is not the empty database's), or a page within the size page 1 gives, left
     * out is a faulty answer, never a page of zeros or an empty database.
     */
    private void checkLeftOutRightly(int pgno, Pos at) {
        boolean withinSize = pgno == 1 ? !at.postApplyChecksum().equals(Checksum.EMPTY_DATABASE)
                : headerCommit > 0 && pgno <= headerCommit;
        if (withinSize) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + name + ": the store left page " + pgno
                    + " out of its answer at position " + at + ", though the database has it; retry the query (a store "
                    + "that keeps doing this is faulty)");
        }
    }

    private byte @Nullable [] cachedPage(int pgno) {
        int pageSize = cache.pageSize();
        byte[] page = new byte[pageSize];
        return pageSize > 0 && cache.read(pgno, 0, ByteBuffer.wrap(page), pageSize) ? page : null;
    }

    /**
     * Page {@code pgno} if it is cached and an interior b-tree page, for the prefetcher to learn again; its
     * type byte is looked at first, so a leaf costs one byte, and neither counts as a read of the cache.
     */
    private byte @Nullable [] cachedInteriorPage(int pgno) {
        int pageSize = cache.pageSize();
        ByteBuffer type = ByteBuffer.allocate(1);
        if (pageSize <= 0 || !cache.peek(pgno, BTreePages.headerOffset(pgno), type, 1)
                || !BTreePages.isInteriorType(type.get(0) & 0xFF)) {
            return null;
        }
        byte[] page = new byte[pageSize];
        return cache.peek(pgno, 0, ByteBuffer.wrap(page), pageSize) ? page : null;
    }

    /**
     * Sends the requests a scan's next misses would make, without waiting for them, while there is room
     * ahead (see {@link ScanReadAhead}). Each counts against the query's request budget as the miss would
     * have; a query out of budget sends nothing ahead (its next miss reports it).
     */
    private void readAhead(DatabaseFile file) {
        int pageSize = headerPageSize;
        while (pageSize > 0 && readAhead.hasRoom() && file.requestsInQuery() < settings.maxRequestsPerQuery()
                && bound.maySpeculate(Pages.maxPagesPerRequest(pageSize))) {
            int next = prefetcher.scanContinuation();
            if (next == 0 || cache.contains(next) || readAhead.isInFlight(next)) {
                return;
            }
            file.countRequest(settings.maxRequestsPerQuery());
            long[] pgnos = prefetcher.request(next, headerCommit, pageSize, settings.maxPrefetchPages(),
                    candidate -> cache.contains(candidate) || readAhead.isInFlight(candidate));
            readAhead.sent(pgnos, sendAhead(pgnos));
        }
    }

    /** Sends a request without waiting; what it brings is kept if the cache was not dropped meanwhile. */
    private CompletableFuture<Void> sendAhead(long[] pgnos) {
        Pos at = cache.position();
        long generation = cacheGeneration;
        remoteRequests.increment();
        bound.sent(pgnos);
        return client.pagesLater(name, at, pgnos).thenAccept(pages -> {
            if (generation == cacheGeneration) {
                keep(at, pages);
            }
        });
    }

    /**
     * One page request to the store, counted, with every page received kept in the cache (at {@code at})
     * and shown to the prefetcher. The first page 1 received also gives the cache its page size.
     */
    private List<PageData> fetchAndKeep(Pos at, long[] pgnos) {
        remoteRequests.increment();
        List<PageData> pages = client.pages(name, at, pgnos);
        keep(at, pages);
        return pages;
    }

    /**
     * Keeps pages received (checked by the client already, see {@code PageAnswerCheck}) once each is of the
     * cache's page size: one of another size is refused, and none of the answer kept.
     */
    private void keep(Pos at, List<PageData> pages) {
        int pageSize = cache.pageSize();
        for (PageData page : pages) {
            if (pageSize != 0 && page.data().length != pageSize) {
                throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + name + ": the store answered "
                        + "page " + page.pgno() + " at position " + at + " with " + page.data().length + " bytes, but the "
                        + "database's pages are " + pageSize + " bytes; nothing of the answer was kept");
            }
        }
        for (PageData page : pages) {
            bytesFetched.add(page.data().length);
            if (cache.pageSize() == 0 && page.pgno() == 1) {
                cache.moveTo(at, page.data().length, List.of(), false);
            }
            cache.put((int) page.pgno(), page.data(), page.withChecksum().checksum(), at);
            prefetcher.observe((int) page.pgno(), page.data());
        }
    }
}
