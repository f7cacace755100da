package io.litevfs.core.cache;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.PageChecksum;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The pages of one database kept on local disk, valid at one position: which slot of the cache's files
 * ({@link CacheFiles}, the on-disk layout) holds which page, which slot is free, and when a slot can be
 * trusted. A warm read is a hash lookup ({@link SlotsOfPages}) and one copy out of a mapping; memory follows
 * the pages cached, never a page number.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every non-empty slot holds the page's content at the cache's position, or is detected as damaged
 *       by its checksum on first read after opening, and dropped.</li>
 *   <li>Moving to a new position first empties the entries of every changed page, then writes the new
 *       position. Nothing is forced: while the system runs, the next process sees every write made
 *       through the mappings in order, however this one ended ({@link BootId}). The header says whether
 *       the cache is open and in which boot; opening forces it marked open, closing forces everything
 *       and marks it closed. A cache found open from an earlier boot (the machine stopped under it)
 *       may hold a page of the wrong position and starts empty. Where the system has no boot id, every
 *       move forces the index before the header, so a crash in between leaves the old position with
 *       fewer pages, never a page of the wrong position.</li>
 *   <li>A page is stored only together with the position it was fetched at ({@link #put}); a page fetched
 *       at an older position than the cache's is not stored.</li>
 *   <li>At most {@code maxPages} pages (0: no limit) and never a new slot when the disk would keep less
 *       than {@code minAvailableSpace} free. Eviction is CLOCK ({@link ClockEviction}): a slot read since
 *       the hand last passed gets a second chance; the first unreferenced one is reused.</li>
 * </ol>
 *
 * <p>About 370 lines, kept whole: the slot table and its lock are one concern, each change moves both.
 *
 * <p>Thread-safe: reads share the read lock, and what they change is only marks set atomically (a slot
 * was referenced; a slot's checksum was verified since opening: {@link SlotMarks}); every other change
 * takes the write lock. A page damaged on disk is found under the read lock and dropped under the write
 * lock, if its slot still holds it.
 */
public final class PageCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageCache.class);

    private final Path directory;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private volatile int maxPages;
    private volatile long minAvailableSpace;

    private final CacheFiles files;
    private final @Nullable UUID bootId = BootId.current();
    private final boolean forceEachMove = bootId == null;
    private int pageSize;
    private Pos pos = Pos.ZERO;
    private final SlotsOfPages slotOfPage = new SlotsOfPages();
    private int[] pageOfSlot = new int[0];
    private final ClockEviction clock = new ClockEviction();
    /** Slots whose checksum matched their content since opening (a page put is verified as written). */
    private final SlotMarks verified = new SlotMarks();
    private int slotCount;
    private int[] freeSlots = new int[0];
    private int freeCount;
    private int used;

    private PageCache(Path directory, int maxPages, long minAvailableSpace) throws IOException {
        this.directory = directory;
        this.files = new CacheFiles(directory);
        this.maxPages = maxPages;
        this.minAvailableSpace = minAvailableSpace;
    }

    /**
     * Opens the cache in {@code directory}, keeping what a previous process left when it is intact and
     * starting empty when it is not.
     */
    public static PageCache open(Path directory, int maxPages, long minAvailableSpace) throws IOException {
        OwnerOnly.createDirectories(directory);
        PageCache cache = new PageCache(directory, maxPages, minAvailableSpace);
        cache.load();
        return cache;
    }

    public Pos position() {
        return underReadLock(() -> pos);
    }

    /** The page size of the cached pages, 0 while nothing is known. */
    public int pageSize() {
        return underReadLock(() -> pageSize);
    }

    public void limits(int maxPages, long minAvailableSpace) {
        this.minAvailableSpace = minAvailableSpace;
        lock.writeLock().lock();
        try {
            this.maxPages = maxPages;
            while (maxPages > 0 && used > maxPages) {
                evictOne();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int maxPages() {
        return maxPages;
    }

    public long minAvailableSpace() {
        return minAvailableSpace;
    }

    public boolean contains(int pgno) {
        return underReadLock(() -> slotOfPage.slotOf(pgno) >= 0);
    }

    /**
     * The checksum of page {@code pgno} at the cache's position, as stored with it, or 0 when the page is
     * not cached.
     */
    public long checksumOf(int pgno) {
        return underReadLock(() -> {
            int slot = slotOfPage.slotOf(pgno);
            return slot < 0 ? 0L : files.checksumOf(slot);
        });
    }

    /**
     * Copies {@code length} bytes of page {@code pgno}, from {@code offsetInPage}, into {@code target} at
     * its position (which is advanced).
     *
     * @return false when the page is not cached (or was damaged, and is now dropped)
     */
    public boolean read(int pgno, int offsetInPage, ByteBuffer target, int length) {
        return read(pgno, offsetInPage, target, length, true);
    }

    /**
     * As {@link #read}, for bookkeeping rather than for the database (the prefetcher learning a b-tree
     * page again): not counted as a hit or a miss, and no reference for eviction.
     */
    public boolean peek(int pgno, int offsetInPage, ByteBuffer target, int length) {
        return read(pgno, offsetInPage, target, length, false);
    }

    private boolean read(int pgno, int offsetInPage, ByteBuffer target, int length, boolean counted) {
        int slot;
        boolean damaged = false;
        lock.readLock().lock();
        try {
            slot = slotOfPage.slotOf(pgno);
            if (slot >= 0) {
                if (!verified.isSet(slot)) {
                    damaged = !verify(slot, pgno);
                }
                if (!damaged) {
                    files.readPage(slot, offsetInPage, target, length);
                    if (counted) {
                        clock.referenced(slot);
                        hits.increment();
                    }
                    return true;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (damaged) {
            log.warn("[cache] {} page {} failed its checksum; dropped, it will be fetched again", directory, pgno);
            lock.writeLock().lock();
            try {
                if (slotOfPage.slotOf(pgno) == slot) {
                    release(slot);
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
        if (counted) {
            misses.increment();
        }
        return false;
    }

    /**
     * Stores page {@code pgno} as fetched at {@code fetchedAt}; ignored when the cache has moved on to
     * another position since, or when the disk is too full to grow.
     */
    public void put(int pgno, byte[] data, Pos fetchedAt) {
        put(pgno, data, PageChecksum.of(pgno, data), fetchedAt);
    }

    /**
     * As {@link #put(int, byte[], Pos)}, with the page's checksum already known to be its data's (a page the
     * client verified on arrival), so that it is not computed again.
     */
    public void put(int pgno, byte[] data, long checksum, Pos fetchedAt) {
        lock.writeLock().lock();
        try {
            if (!fetchedAt.equals(pos) || data.length != pageSize || pgno <= 0) {
                return;
            }
            int slot = slotOfPage.slotOf(pgno);
            if (slot < 0) {
                slot = allocateSlot();
                if (slot < 0) {
                    return;
                }
                slotOfPage.put(pgno, slot);
                pageOfSlot[slot] = pgno;
                used++;
            }
            files.write(slot, pgno, data, checksum);
            verified.set(slot);
            clock.referenced(slot);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Moves the cache to {@code newPos}: drops {@code changed} pages (or everything, when {@code all}),
     * then records the position durably. A new page size drops everything too.
     */
    public void moveTo(Pos newPos, int newPageSize, Iterable<Long> changed, boolean all) {
        lock.writeLock().lock();
        try {
            if (all || (pageSize != 0 && newPageSize != 0 && newPageSize != pageSize)) {
                for (int slot = 0; slot < slotCount; slot++) {
                    if (pageOfSlot[slot] != 0) {
                        release(slot);
                    }
                }
            } else {
                for (long pgno : changed) {
                    int slot = slotOfPage.slotOf(pgno);
                    if (slot >= 0) {
                        release(slot);
                    }
                }
            }
            if (forceEachMove) {
                files.forceEntries();
            }
            if (newPageSize != 0 && newPageSize != pageSize) {
                remap(newPageSize);
            }
            pos = newPos;
            files.writeHeader(pageSize, pos, bootId, forceEachMove);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the page cache in " + directory, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public CacheStats stats() {
        return underReadLock(() -> new CacheStats(used, (long) used * pageSize, hits.sum(), misses.sum(), evictions.sum()));
    }

    private <T> T underReadLock(java.util.function.Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            files.closeCleanly(pageSize, pos, bootId);
            files.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void load() throws IOException {
        CacheFiles.Stored stored = files.stored();
        if (stored != null && !survivedByItsWrites(stored)) {
            log.info("[cache] {}: the machine stopped while this cache was open, so its last writes may be lost; "
                    + "starting with an empty cache", directory);
        } else if (stored != null) {
            pos = stored.pos();
            if (stored.pageSize() > 0) {
                remap(stored.pageSize());
                loadEntries();
                files.writeHeader(pageSize, pos, bootId, true);
                log.info("[cache] {}: {} page(s) at position {}", directory, used, pos);
                return;
            }
        } else if (files.hasHeader()) {
            log.warn("[cache] {}: the cache header is damaged or from another version; starting with an empty cache",
                    directory);
        }
        files.restart(0, true);
        files.writeHeader(pageSize, pos, bootId, true);
    }

    /**
     * Whether every write the cache's last writer made is on disk or still in this system's memory: it
     * closed the cache, or forced every move itself (no boot id), or wrote in this very boot.
     */
    private boolean survivedByItsWrites(CacheFiles.Stored stored) {
        return stored.closed() || stored.bootId() == null || stored.bootId().equals(bootId);
    }

    /** Takes back every slot whose entry names a page, once; the other slots are cleared and free. */
    private void loadEntries() throws IOException {
        long slotsInFiles = files.slotsInFiles();
        int chunks = (int) ((slotsInFiles + files.slotsPerChunk() - 1) / files.slotsPerChunk());
        for (int i = 0; i < chunks; i++) {
            mapChunk();
        }
        for (int slot = 0; slot < slotCount; slot++) {
            int pgno = files.pgnoOf(slot);
            if (pgno > 0 && slotOfPage.slotOf(pgno) < 0 && slot < slotsInFiles) {
                slotOfPage.put(pgno, slot);
                pageOfSlot[slot] = pgno;
                used++;
            } else {
                files.clear(slot);
                pushFree(slot);
            }
        }
    }

    /** Starts over with a page size: drops every slot and mapping. */
    private void remap(int newPageSize) throws IOException {
        files.restart(newPageSize, pageSize != 0 && pageSize != newPageSize);
        slotCount = 0;
        used = 0;
        freeCount = 0;
        slotOfPage.clear();
        pageOfSlot = new int[0];
        clock.reset();
        verified.reset();
        pageSize = newPageSize;
    }

    private int allocateSlot() {
        if (maxPages > 0 && used >= maxPages) {
            return evictOne();
        }
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        try {
            if (Files.getFileStore(directory).getUsableSpace() - pageSize < minAvailableSpace) {
                return used > 0 ? evictOne() : -1;
            }
            mapChunk();
            return freeCount > 0 ? freeSlots[--freeCount] : -1;
        } catch (IOException e) {
            log.warn("[cache] {}: cannot grow the cache ({}); keeping it at {} page(s)", directory, e.toString(), used);
            return used > 0 ? evictOne() : -1;
        }
    }

    private void mapChunk() throws IOException {
        int first = slotCount;
        slotCount = files.addChunk();
        pageOfSlot = Arrays.copyOf(pageOfSlot, slotCount);
        clock.grow(slotCount);
        verified.grow(slotCount);
        for (int slot = slotCount - 1; slot >= first; slot--) {
            pushFree(slot);
        }
    }

    private int evictOne() {
        release(clock.victim(slot -> pageOfSlot[slot] != 0));
        evictions.increment();
        return freeSlots[--freeCount];
    }

    private void release(int slot) {
        int pgno = pageOfSlot[slot];
        slotOfPage.remove(pgno);
        pageOfSlot[slot] = 0;
        clock.forget(slot);
        verified.clear(slot);
        files.clear(slot);
        used--;
        pushFree(slot);
    }

    private void pushFree(int slot) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, Math.max(16, freeSlots.length * 2));
        }
        freeSlots[freeCount++] = slot;
    }

    private boolean verify(int slot, int pgno) {
        boolean intact = PageChecksum.of(pgno, files.page(slot)) == files.checksumOf(slot);
        if (intact) {
            verified.set(slot);
        }
        return intact;
    }
}
