package io.litevfs.testing;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.DatabaseChecksum;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.PageChecksum;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client's view of a database for tests: its pages and position, and the LTX file of each next
 * transaction, computed the way a writer does (TXID + 1, pre-apply = current checksum).
 */
public final class TestDatabase {

    private final int pageSize;
    private final TreeMap<Integer, byte[]> pages = new TreeMap<>();
    private Pos pos = Pos.ZERO;

    public TestDatabase(int pageSize) {
        this.pageSize = pageSize;
    }

    /** An independent copy, to go back to when a commit's outcome turns out to be "not applied". */
    public TestDatabase copy() {
        TestDatabase copy = new TestDatabase(pageSize);
        pages.forEach((pgno, data) -> copy.pages.put(pgno, data.clone()));
        copy.pos = pos;
        return copy;
    }

    public Pos pos() {
        return pos;
    }

    public int commit() {
        return pages.isEmpty() ? 0 : pages.lastKey();
    }

    public byte[] page(int pgno) {
        byte[] page = pages.get(pgno);
        if (page == null) {
            throw new IllegalArgumentException("page " + pgno + " is not in the database");
        }
        return page;
    }

    /** A page filled from {@code seed}, distinct per seed. */
    public byte[] content(int seed) {
        byte[] data = new byte[pageSize];
        for (int i = 0; i < pageSize; i++) {
            data[i] = (byte) (seed * 31 + i % 251);
        }
        return data;
    }

    /**
     * Makes {@code page} (a page 1) start like a SQLite database header declaring {@code declared}-byte pages;
     * returns it.
     */
    public static byte[] declaringPageSize(byte[] page, int declared) {
        System.arraycopy(Pages.SQLITE_MAGIC, 0, page, 0, Pages.SQLITE_MAGIC.length);
        int raw = declared == Pages.MAX_PAGE_SIZE ? 1 : declared;
        page[16] = (byte) (raw >>> 8);
        page[17] = (byte) raw;
        return page;
    }

    /** The next transaction writing {@code changes} (and truncating to {@code commit}), applied locally. */
    public byte[] commit(Map<Integer, byte[]> changes, int commit, int flags) {
        boolean snapshot = pos.isZero();
        TreeMap<Integer, byte[]> next = new TreeMap<>(pages);
        next.putAll(changes);
        next.tailMap(commit, false).clear();
        Checksum checksum = checksumOf(next);
        TxId txid = pos.txid().next();
        LtxHeader header = LtxHeader.of(flags, pageSize, commit, snapshot ? TxId.of(1) : txid, txid,
                System.currentTimeMillis(), snapshot ? Checksum.ZERO : pos.postApplyChecksum());
        Map<Integer, byte[]> written = snapshot ? next : new TreeMap<>(changes);
        byte[] file = encode(header, written, checksum);
        pages.clear();
        pages.putAll(next);
        pos = new Pos(txid, checksum);
        return file;
    }

    /** The database checksum of exactly these pages (page number to content). */
    public static Checksum checksumOf(Map<Integer, byte[]> pages) {
        DatabaseChecksum checksum = new DatabaseChecksum();
        pages.forEach((pgno, data) -> checksum.add(PageChecksum.of(pgno, data)));
        return checksum.value();
    }

    public byte[] commit(Map<Integer, byte[]> changes) {
        int commit = Math.max(commit(), changes.keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        return commit(changes, commit, 0);
    }

    /** The LTX file of {@code header} and {@code pages}; an encoder's refusal comes wrapped in an UncheckedIOException. */
    public static byte[] encode(LtxHeader header, Map<Integer, byte[]> pages, Checksum postApply) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LtxEncoder encoder = new LtxEncoder(out, header);
            for (Map.Entry<Integer, byte[]> page : new TreeMap<>(pages).entrySet()) {
                encoder.writePage(page.getKey(), page.getValue());
            }
            encoder.finish(postApply);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
