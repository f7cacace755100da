package io.litevfs.core.cache;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Crc64;
import io.litevfs.protocol.ltx.PageChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The pages of one database kept on local disk, valid at one position.
 *
 * <p>Layout: {@code pages} holds page data in fixed slots; {@code index} holds a 64-byte header (magic,
 * page size, the position, a CRC of the header) and one 16-byte entry per slot (page number, 0 when
 * empty, and the page's checksum). Both are memory-mapped in chunks, so a warm read is an array lookup
 * and one copy, with no system call.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every non-empty slot holds the page's content at the cache's position, or is detected as damaged
 *       by its checksum on first read after opening, and dropped.</li>
 *   <li>Moving to a new position first empties the entries of every changed page and forces the index,
 *       then writes and forces the new position: a crash in between leaves the old position with fewer
 *       pages, never a page of the wrong position.</li>
 *   <li>A page is stored only together with the position it was fetched at ({@link #put}); a page fetched
 *       at an older position than the cache's is not stored.</li>
 *   <li>At most {@code maxPages} pages (0: no limit) and never a new slot when the disk would keep less
 *       than {@code minAvailableSpace} free. Eviction is CLOCK: a slot read since the hand last passed
 *       gets a second chance; the first unreferenced one is reused.</li>
 * </ol>
 * Thread-safe: reads share a read lock; changes take the write lock.
 */
public final class PageCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageCache.class);
    private static final long MAGIC = 0x4C56465343414331L; // "LVFSCAC1"
    private static final int HEADER_SIZE = 64;
    private static final int ENTRY_SIZE = 16;
    private static final long CHUNK_BYTES = 64L << 20;

    private final Path directory;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private volatile int maxPages;
    private volatile long minAvailableSpace;

    private FileChannel pagesFile;
    private FileChannel indexFile;
    private MappedByteBuffer header;
    private final List<MappedByteBuffer> pageChunks = new ArrayList<>();
    private final List<MappedByteBuffer> entryChunks = new ArrayList<>();
    private int pageSize;
    private int slotsPerChunk;
    private Pos pos = Pos.ZERO;
    private int[] slotOfPage = new int[0];
    private int[] pageOfSlot = new int[0];
    private byte[] referenced = new byte[0];
    private byte[] verified = new byte[0];
    private int slotCount;
    private int[] freeSlots = new int[0];
    private int freeCount;
    private int used;
    private int clockHand;

    private PageCache(Path directory, int maxPages, long minAvailableSpace) {
        this.directory = directory;
        this.maxPages = maxPages;
        this.minAvailableSpace = minAvailableSpace;
    }

    /**
     * Opens the cache in {@code directory}, keeping what a previous process left when it is intact and
     * starting empty when it is not.
     */
    public static PageCache open(Path directory, int maxPages, long minAvailableSpace) throws IOException {
        Files.createDirectories(directory);
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
        return underReadLock(() -> pgno < slotOfPage.length && slotOfPage[pgno] != 0);
    }

    /**
     * The checksum of page {@code pgno} at the cache's position, as stored with it, or 0 when the page is
     * not cached.
     */
    public long checksumOf(int pgno) {
        return underReadLock(() -> {
            int slot = pgno < slotOfPage.length ? slotOfPage[pgno] - 1 : -1;
            return slot < 0 ? 0L : entryChunks.get(slot / slotsPerChunk).getLong((slot % slotsPerChunk) * ENTRY_SIZE + 8);
        });
    }

    /**
     * Copies {@code length} bytes of page {@code pgno}, from {@code offsetInPage}, into {@code target} at
     * its position (which is advanced).
     *
     * @return false when the page is not cached (or was damaged, and is now dropped)
     */
    public boolean read(int pgno, int offsetInPage, ByteBuffer target, int length) {
        int slot;
        boolean damaged = false;
        lock.readLock().lock();
        try {
            slot = pgno < slotOfPage.length ? slotOfPage[pgno] - 1 : -1;
            if (slot >= 0) {
                if (verified[slot] == 0) {
                    damaged = !verify(slot, pgno);
                }
                if (!damaged) {
                    MappedByteBuffer chunk = pageChunks.get(slot / slotsPerChunk);
                    int offset = (slot % slotsPerChunk) * pageSize + offsetInPage;
                    target.put(target.position(), chunk, offset, length);
                    target.position(target.position() + length);
                    referenced[slot] = 1;
                    hits.increment();
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
                if (pgno < slotOfPage.length && slotOfPage[pgno] - 1 == slot) {
                    release(slot);
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
        misses.increment();
        return false;
    }

    /**
     * Stores page {@code pgno} as fetched at {@code fetchedAt}; ignored when the cache has moved on to
     * another position since, or when the disk is too full to grow.
     */
    public void put(int pgno, byte[] data, Pos fetchedAt) {
        lock.writeLock().lock();
        try {
            if (!fetchedAt.equals(pos) || data.length != pageSize) {
                return;
            }
            int slot = pgno < slotOfPage.length ? slotOfPage[pgno] - 1 : -1;
            if (slot < 0) {
                slot = allocateSlot();
                if (slot < 0) {
                    return;
                }
                ensurePageCapacity(pgno);
                slotOfPage[pgno] = slot + 1;
                pageOfSlot[slot] = pgno;
                used++;
            }
            MappedByteBuffer chunk = pageChunks.get(slot / slotsPerChunk);
            chunk.put((slot % slotsPerChunk) * pageSize, data, 0, pageSize);
            MappedByteBuffer entries = entryChunks.get(slot / slotsPerChunk);
            int entry = (slot % slotsPerChunk) * ENTRY_SIZE;
            entries.putLong(entry + 8, PageChecksum.of(pgno, data));
            entries.putInt(entry, pgno);
            verified[slot] = 1;
            referenced[slot] = 1;
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
                    if (pgno < slotOfPage.length && slotOfPage[(int) pgno] != 0) {
                        release(slotOfPage[(int) pgno] - 1);
                    }
                }
            }
            entryChunks.forEach(MappedByteBuffer::force);
            if (newPageSize != 0 && newPageSize != pageSize) {
                remap(newPageSize);
            }
            pos = newPos;
            writeHeader();
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
            entryChunks.forEach(MappedByteBuffer::force);
            pageChunks.forEach(MappedByteBuffer::force);
            if (header != null) {
                header.force();
            }
            if (pagesFile != null) {
                pagesFile.close();
            }
            if (indexFile != null) {
                indexFile.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void load() throws IOException {
        indexFile = FileChannel.open(directory.resolve("index"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        pagesFile = FileChannel.open(directory.resolve("pages"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean intact = indexFile.size() >= HEADER_SIZE;
        header = indexFile.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE);
        if (intact && header.getLong(0) == MAGIC && header.getLong(40) == headerCrc()) {
            int storedPageSize = header.getInt(12);
            Pos storedPos = Pos.of(header.getLong(16), header.getLong(24));
            if (storedPageSize > 0) {
                remap(storedPageSize);
                pos = storedPos;
                loadEntries();
                log.info("[cache] {}: {} page(s) at position {}", directory, used, pos);
                return;
            }
            pos = storedPos;
        } else if (intact) {
            log.warn("[cache] {}: the cache header is damaged; starting with an empty cache", directory);
        }
        indexFile.truncate(HEADER_SIZE);
        pagesFile.truncate(0);
        writeHeader();
    }

    private void loadEntries() throws IOException {
        long slotsInFile = Math.min((indexFile.size() - HEADER_SIZE) / ENTRY_SIZE, pagesFile.size() / pageSize);
        int chunks = (int) ((slotsInFile + slotsPerChunk - 1) / slotsPerChunk);
        for (int i = 0; i < chunks; i++) {
            mapChunk();
        }
        for (int slot = 0; slot < slotCount; slot++) {
            MappedByteBuffer entries = entryChunks.get(slot / slotsPerChunk);
            int pgno = entries.getInt((slot % slotsPerChunk) * ENTRY_SIZE);
            if (pgno > 0 && (pgno >= slotOfPage.length || slotOfPage[pgno] == 0) && slot < slotsInFile) {
                ensurePageCapacity(pgno);
                slotOfPage[pgno] = slot + 1;
                pageOfSlot[slot] = pgno;
                used++;
            } else {
                entries.putInt((slot % slotsPerChunk) * ENTRY_SIZE, 0);
                pushFree(slot);
            }
        }
    }

    /** Starts over with a page size: drops every slot and mapping. */
    private void remap(int newPageSize) throws IOException {
        pageChunks.clear();
        entryChunks.clear();
        slotCount = 0;
        used = 0;
        freeCount = 0;
        clockHand = 0;
        slotOfPage = new int[0];
        pageOfSlot = new int[0];
        referenced = new byte[0];
        verified = new byte[0];
        if (pageSize != 0 && pageSize != newPageSize) {
            indexFile.truncate(HEADER_SIZE);
            pagesFile.truncate(0);
        }
        pageSize = newPageSize;
        slotsPerChunk = (int) Math.max(1, CHUNK_BYTES / newPageSize);
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
        int chunk = pageChunks.size();
        pageChunks.add(pagesFile.map(FileChannel.MapMode.READ_WRITE, (long) chunk * slotsPerChunk * pageSize,
                (long) slotsPerChunk * pageSize));
        entryChunks.add(indexFile.map(FileChannel.MapMode.READ_WRITE, HEADER_SIZE + (long) chunk * slotsPerChunk * ENTRY_SIZE,
                (long) slotsPerChunk * ENTRY_SIZE));
        int first = slotCount;
        slotCount += slotsPerChunk;
        pageOfSlot = Arrays.copyOf(pageOfSlot, slotCount);
        referenced = Arrays.copyOf(referenced, slotCount);
        verified = Arrays.copyOf(verified, slotCount);
        for (int slot = slotCount - 1; slot >= first; slot--) {
            pushFree(slot);
        }
    }

    private int evictOne() {
        while (true) {
            int slot = clockHand;
            clockHand = (clockHand + 1) % slotCount;
            if (pageOfSlot[slot] == 0) {
                continue;
            }
            if (referenced[slot] != 0) {
                referenced[slot] = 0;
                continue;
            }
            release(slot);
            evictions.increment();
            return freeSlots[--freeCount];
        }
    }

    private void release(int slot) {
        int pgno = pageOfSlot[slot];
        slotOfPage[pgno] = 0;
        pageOfSlot[slot] = 0;
        referenced[slot] = 0;
        verified[slot] = 0;
        entryChunks.get(slot / slotsPerChunk).putInt((slot % slotsPerChunk) * ENTRY_SIZE, 0);
        used--;
        pushFree(slot);
    }

    private void pushFree(int slot) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, Math.max(16, freeSlots.length * 2));
        }
        freeSlots[freeCount++] = slot;
    }

    private void ensurePageCapacity(int pgno) {
        if (pgno >= slotOfPage.length) {
            slotOfPage = Arrays.copyOf(slotOfPage, Math.max(pgno + 1, slotOfPage.length * 2));
        }
    }

    private boolean verify(int slot, int pgno) {
        byte[] data = new byte[pageSize];
        pageChunks.get(slot / slotsPerChunk).get((slot % slotsPerChunk) * pageSize, data);
        long expected = entryChunks.get(slot / slotsPerChunk).getLong((slot % slotsPerChunk) * ENTRY_SIZE + 8);
        boolean intact = PageChecksum.of(pgno, data) == expected;
        if (intact) {
            verified[slot] = 1;
        }
        return intact;
    }

    private void writeHeader() {
        header.putLong(0, MAGIC);
        header.putInt(8, 1);
        header.putInt(12, pageSize);
        header.putLong(16, pos.txid().value());
        header.putLong(24, pos.postApplyChecksum().value());
        header.putLong(32, 0);
        header.putLong(40, headerCrc());
        header.force();
    }

    private long headerCrc() {
        byte[] bytes = new byte[40];
        header.get(0, bytes);
        return Crc64.of(bytes, 0, bytes.length);
    }
}
