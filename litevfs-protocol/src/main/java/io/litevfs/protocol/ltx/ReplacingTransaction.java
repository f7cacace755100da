package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The transaction (one LTX file) that makes a whole SQLite image a database's next content: every page of
 * the image (a snapshot when the database is new), the pre-apply checksum of the database's position, and
 * the checksum of the whole image as post-apply. Pages the image does not have are truncated by its page
 * count. A node's import ({@code DatabaseImport}), the store's {@code POST /db/upload} and a restore
 * ({@code DatabaseReplacer}) all write it.
 *
 * <p>Replacing a database also moves page 1's file change counter and schema cookie past the replaced
 * database's: SQLite connections on other nodes keep their cached pages and parsed schema for as long as
 * those two numbers stay the same, and two unrelated images can well have equal ones.
 */
public final class ReplacingTransaction {

    /** The bytes every SQLite database file starts with. */
    public static final byte[] MAGIC = Pages.SQLITE_MAGIC;
    /** The length of the database header at the start of page 1. */
    public static final int HEADER_SIZE = Pages.SQLITE_HEADER_SIZE;
    private static final int CHANGE_COUNTER = 24;
    private static final int SCHEMA_COOKIE = 40;
    private static final int VERSION_VALID_FOR = 92;

    private ReplacingTransaction() {
    }

    /**
     * The page size an image of {@code size} bytes declares in its first bytes.
     *
     * @param what names the image in the message (a file name, "the uploaded file")
     * @throws IllegalArgumentException saying what is wrong with the image
     */
    public static int pageSizeOf(byte[] header, long size, String what) {
        if (header.length < HEADER_SIZE || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(what + " is not a SQLite database (no \"SQLite format 3\" header)");
        }
        int pageSize = Pages.pageSizeOf(header);
        if (!Pages.isValidPageSize(pageSize)) {
            throw new IllegalArgumentException(what + " has an invalid page size " + pageSize + " in its header");
        }
        if (size % pageSize != 0) {
            throw new IllegalArgumentException(what + " is " + size + " bytes, not a whole number of " + pageSize
                    + "-byte pages: it was cut short or is being written");
        }
        return pageSize;
    }

    /**
     * Writes to {@code ltx} the transaction that makes the image read from {@code image} ({@code commit}
     * pages of {@code pageSize} bytes) the content of a database at {@code current}, whose page 1 is
     * {@code currentFirstPage} (null for a new database); returns the position it reaches.
     */
    public static Pos encode(InputStream image, int pageSize, int commit, Pos current, byte @Nullable [] currentFirstPage,
                             OutputStream ltx, long timestampMs) throws IOException {
        Writer writer = new Writer(pageSize, commit, current, currentFirstPage, ltx, timestampMs);
        byte[] page = new byte[pageSize];
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (image.readNBytes(page, 0, pageSize) != pageSize) {
                throw new IOException("the database image ended at page " + pgno + " of " + commit
                        + "; it changed while being read");
            }
            writer.page(pgno, page);
        }
        return writer.finish();
    }

    /**
     * The same transaction written from pages given one at a time, in order from 1 to {@code commit}: for
     * content that is not a file, such as a database's pages as of an earlier position (a restore).
     */
    public static final class Writer {

        private final int commit;
        private final TxId txid;
        private final byte @Nullable [] currentFirstPage;
        private final LtxEncoder encoder;
        private final int lockPage;
        private final DatabaseChecksum checksum = new DatabaseChecksum();
        private int next = 1;

        /** Starts the transaction that makes {@code commit} pages the content of a database at {@code current}. */
        public Writer(int pageSize, int commit, Pos current, byte @Nullable [] currentFirstPage, OutputStream ltx,
                      long timestampMs) throws IOException {
            boolean snapshot = current.isZero();
            TxId txid = current.txid().next();
            LtxHeader header = LtxHeader.of(0, pageSize, commit, snapshot ? TxId.of(1) : txid, txid, timestampMs,
                    snapshot ? Checksum.ZERO : current.postApplyChecksum());
            this.commit = commit;
            this.txid = txid;
            this.currentFirstPage = currentFirstPage;
            this.encoder = new LtxEncoder(ltx, header);
            this.lockPage = header.lockPage();
        }

        /** Writes page {@code pgno}, the next one; the lock page is left out. Page 1 is not changed in place. */
        public void page(int pgno, byte[] data) throws IOException {
            if (pgno != next || pgno > commit) {
                throw new IllegalStateException("page " + pgno + " given where page " + next + " of " + commit
                        + " was expected");
            }
            next++;
            byte[] page = data;
            if (pgno == 1 && currentFirstPage != null) {
                page = data.clone();
                advanceCounters(page, currentFirstPage);
            }
            if (pgno != lockPage) {
                checksum.add(PageChecksum.of(pgno, page));
                encoder.writePage(pgno, page);
            }
        }

        /** Ends the transaction once every page was given; returns the position it reaches. */
        public Pos finish() throws IOException {
            if (next != commit + 1) {
                throw new IllegalStateException("the transaction ended at page " + (next - 1) + " of " + commit);
            }
            encoder.finish(checksum.value());
            return new Pos(txid, checksum.value());
        }
    }

    /** Sets the change counter (and its valid-for copy) and the schema cookie of {@code page} past both pages'. */
    private static void advanceCounters(byte[] page, byte[] replaced) {
        ByteBuffer target = ByteBuffer.wrap(page);
        ByteBuffer old = ByteBuffer.wrap(replaced);
        int changeCounter = Math.max(target.getInt(CHANGE_COUNTER), old.getInt(CHANGE_COUNTER)) + 1;
        target.putInt(CHANGE_COUNTER, changeCounter);
        target.putInt(VERSION_VALID_FOR, changeCounter);
        target.putInt(SCHEMA_COOKIE, Math.max(target.getInt(SCHEMA_COOKIE), old.getInt(SCHEMA_COOKIE)) + 1);
    }
}
