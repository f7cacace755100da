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
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Reads of one database as the store has it at the cache's position: from the cache, or fetched with
 * their prefetch companions (see {@link Prefetcher}) and kept; scans read ahead ({@link ScanReadAhead});
 * each fetch counts against the query's request budget. Owns the header of page 1 (page size, size in
 * pages) as last read.
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

    /** The database changed under what the prefetcher learnt of its b-trees. */
    void treesChanged() {
        prefetcher.reset();
    }

    /** Drops every cached page (the caller makes sure nobody reads meanwhile). */
    void dropCache() {
        cacheGeneration++;
        cache.moveTo(cache.position(), 0, List.of(), true);
        headerChanged();
        prefetcher.reset();
    }

    /** Fetches every page not cached, in batches, outside any query budget; returns how many were fetched. */
    long cacheEverything(DatabaseFile file) {
        int commit = commit(file);
        long fetched = 0;
        int batch = Math.max(1, DatabaseSettings.MAX_PREFETCH_PAGES_LIMIT);
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (cache.contains(pgno) || pgno == Pages.lockPage(headerPageSize)) {
                continue;
            }
            long[] pgnos = IntStream.rangeClosed(pgno, Math.min(commit, pgno + batch - 1))
                    .filter(p -> !cache.contains(p)).mapToLong(p -> p).toArray();
            fetched += fetchAndKeep(cache.position(), pgnos).size();
            pgno += batch - 1;
        }
        return fetched;
    }

    /**
     * WAL databases (file format versions 2 at bytes 18 and 19) are shown to SQLite as rollback-journal
     * ones (version 1): the VFS serves pages, it has no WAL, and the store holds the same pages either way.
     */
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
        long[] pgnos = pageSize > 0
                ? prefetcher.request(pgno, headerCommit, pageSize, settings.maxPrefetchPages(), cache::contains)
                : new long[] {pgno};
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
            readAhead.sent(pgnos, client.pagesLater(name, at, pgnos).thenAccept(pages -> {
                if (generation == cacheGeneration) {
                    keep(at, pages);
                }
            }));
        }
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
