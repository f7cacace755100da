package io.litevfs.core.cache;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Crc64;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The two files of a page cache, memory-mapped: {@code pages} holds page data in fixed slots;
 * {@code index} holds a 64-byte header (magic, version, page size, the position, whether the cache was
 * closed, the id of the boot that last wrote it, a CRC-64 of the header) and one 16-byte entry per slot
 * (the page number, 0 when empty, then the page's checksum). Both are
 * mapped in chunks of 64 MiB of pages, so a warm read is one copy out of a mapping, with no system call.
 *
 * <p>Knows the layout only: which slot holds which page, and when a slot may be trusted, is
 * {@link PageCache}'s, which also does all locking.
 */
final class CacheFiles implements AutoCloseable {

    private static final long MAGIC = 0x4C56465343414331L; // "LVFSCAC1"
    private static final int VERSION = 2;
    private static final int CRC_OFFSET = 56;
    private static final int HEADER_SIZE = 64;
    private static final int ENTRY_SIZE = 16;
    private static final long CHUNK_BYTES = 64L << 20;

    /**
     * What a header left by an earlier process said.
     *
     * @param closed whether it was closed, everything forced; false when it stopped while open
     * @param bootId the boot of the system it last wrote the header in, null when unknown
     */
    record Stored(int pageSize, Pos pos, boolean closed, @Nullable UUID bootId) {
    }

    private final FileChannel indexFile;
    private final FileChannel pagesFile;
    private final MappedByteBuffer header;
    private final List<MappedByteBuffer> pageChunks = new ArrayList<>();
    private final List<MappedByteBuffer> entryChunks = new ArrayList<>();
    private int pageSize;
    private int slotsPerChunk;

    CacheFiles(Path directory) throws IOException {
        indexFile = OwnerOnly.open(directory.resolve("index"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        pagesFile = OwnerOnly.open(directory.resolve("pages"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        header = indexFile.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE);
    }

    /**
     * Whether a header was ever written: the index is long enough to hold one and its magic is not zero.
     * Mapping the header makes a new index that long, filled with zeros, so length alone does not tell.
     */
    boolean hasHeader() throws IOException {
        return indexFile.size() >= HEADER_SIZE && header.getLong(0) != 0;
    }

    /** The intact header's content, or null when there is none or it is damaged. */
    @Nullable Stored stored() throws IOException {
        if (!hasHeader() || header.getLong(0) != MAGIC || header.getInt(8) != VERSION
                || header.getLong(CRC_OFFSET) != headerCrc()) {
            return null;
        }
        long bootHigh = header.getLong(40);
        long bootLow = header.getLong(48);
        return new Stored(header.getInt(12), Pos.of(header.getLong(16), header.getLong(24)), header.getLong(32) == 1,
                bootHigh == 0 && bootLow == 0 ? null : new UUID(bootHigh, bootLow));
    }

    /** Slots both files hold whole, for a cache being reopened at its page size. */
    long slotsInFiles() throws IOException {
        return Math.min((indexFile.size() - HEADER_SIZE) / ENTRY_SIZE, pagesFile.size() / pageSize);
    }

    /** Drops every slot (truncating both files when {@code truncate}) and lays slots out for {@code newPageSize}. */
    void restart(int newPageSize, boolean truncate) throws IOException {
        pageChunks.clear();
        entryChunks.clear();
        if (truncate) {
            indexFile.truncate(HEADER_SIZE);
            pagesFile.truncate(0);
        }
        pageSize = newPageSize;
        slotsPerChunk = newPageSize == 0 ? 0 : (int) Math.max(1, CHUNK_BYTES / newPageSize);
    }

    int slotsPerChunk() {
        return slotsPerChunk;
    }

    /** Maps one more chunk of slots, growing both files as needed; returns the slot count after it. */
    int addChunk() throws IOException {
        int chunk = pageChunks.size();
        pageChunks.add(pagesFile.map(FileChannel.MapMode.READ_WRITE, (long) chunk * slotsPerChunk * pageSize,
                (long) slotsPerChunk * pageSize));
        entryChunks.add(indexFile.map(FileChannel.MapMode.READ_WRITE,
                HEADER_SIZE + (long) chunk * slotsPerChunk * ENTRY_SIZE, (long) slotsPerChunk * ENTRY_SIZE));
        return pageChunks.size() * slotsPerChunk;
    }

    /** Copies {@code length} bytes of the page in {@code slot}, from {@code offsetInPage}, into {@code target} at its position. */
    void readPage(int slot, int offsetInPage, ByteBuffer target, int length) {
        target.put(target.position(), pageChunks.get(slot / slotsPerChunk), (slot % slotsPerChunk) * pageSize + offsetInPage,
                length);
        target.position(target.position() + length);
    }

    byte[] page(int slot) {
        byte[] data = new byte[pageSize];
        pageChunks.get(slot / slotsPerChunk).get((slot % slotsPerChunk) * pageSize, data);
        return data;
    }

    /** Writes the page data, then its entry (checksum, then page number). */
    void write(int slot, int pgno, byte[] data, long checksum) {
        pageChunks.get(slot / slotsPerChunk).put((slot % slotsPerChunk) * pageSize, data, 0, pageSize);
        MappedByteBuffer entries = entryChunks.get(slot / slotsPerChunk);
        int entry = (slot % slotsPerChunk) * ENTRY_SIZE;
        entries.putLong(entry + 8, checksum);
        entries.putInt(entry, pgno);
    }

    /** The page number in {@code slot}'s entry, 0 when empty. */
    int pgnoOf(int slot) {
        return entryChunks.get(slot / slotsPerChunk).getInt((slot % slotsPerChunk) * ENTRY_SIZE);
    }

    long checksumOf(int slot) {
        return entryChunks.get(slot / slotsPerChunk).getLong((slot % slotsPerChunk) * ENTRY_SIZE + 8);
    }

    void clear(int slot) {
        entryChunks.get(slot / slotsPerChunk).putInt((slot % slotsPerChunk) * ENTRY_SIZE, 0);
    }

    /** Makes every entry change durable. */
    void forceEntries() {
        entryChunks.forEach(MappedByteBuffer::force);
    }

    /**
     * Writes the header: the page size and the position the entries are valid at, marked open in boot
     * {@code bootId}; forced when {@code force}.
     */
    void writeHeader(int pageSize, Pos pos, @Nullable UUID bootId, boolean force) {
        putHeader(pageSize, pos, false, bootId);
        if (force) {
            header.force();
        }
    }

    /** Forces pages and entries, then writes and forces the header marked closed. */
    void closeCleanly(int pageSize, Pos pos, @Nullable UUID bootId) {
        entryChunks.forEach(MappedByteBuffer::force);
        pageChunks.forEach(MappedByteBuffer::force);
        putHeader(pageSize, pos, true, bootId);
        header.force();
    }

    private void putHeader(int pageSize, Pos pos, boolean closed, @Nullable UUID bootId) {
        header.putLong(0, MAGIC);
        header.putInt(8, VERSION);
        header.putInt(12, pageSize);
        header.putLong(16, pos.txid().value());
        header.putLong(24, pos.postApplyChecksum().value());
        header.putLong(32, closed ? 1 : 0);
        header.putLong(40, bootId == null ? 0 : bootId.getMostSignificantBits());
        header.putLong(48, bootId == null ? 0 : bootId.getLeastSignificantBits());
        header.putLong(CRC_OFFSET, headerCrc());
    }

    private long headerCrc() {
        byte[] bytes = new byte[CRC_OFFSET];
        header.get(0, bytes);
        return Crc64.of(bytes, 0, bytes.length);
    }

    /** Closes the files; {@link #closeCleanly} first, or what was written stays unforced. */
    @Override
    public void close() throws IOException {
        try {
            pagesFile.close();
        } finally {
            indexFile.close();
        }
    }
}
