package io.litevfs.core.db;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.DatabaseChecksum;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.PageChecksum;

import org.jspecify.annotations.Nullable;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns a plain SQLite file into the LTX file that makes it the next transaction of a database in the
 * store: every page of the file (a snapshot when the database is new), the pre-apply checksum of the
 * store's position, and the checksum of the whole file as post-apply. Pages the file does not have any
 * more are truncated by its page count. Refused with a message saying what to do: a file that is not a
 * SQLite database, is empty or cut short, or has a journal or write-ahead log holding transactions that
 * are not in the file yet.
 *
 * <p>Replacing a database also moves page 1's file change counter and schema cookie past the replaced
 * database's: SQLite connections on other nodes keep their cached pages and parsed schema for as long as
 * those two numbers stay the same, and two unrelated files can well have equal ones.
 */
public final class DatabaseImport {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int CHANGE_COUNTER = 24;
    private static final int SCHEMA_COOKIE = 40;
    private static final int VERSION_VALID_FOR = 92;
    /** The first bytes of a rollback journal that still holds a transaction (a persisted one is zeroed). */
    private static final byte[] HOT_JOURNAL_MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63, (byte) 0xd7};

    private DatabaseImport() {
    }

    /**
     * Writes {@code ltx} from {@code sqliteFile} for a database at {@code current} whose page 1 is
     * {@code currentFirstPage} (null for a new database); returns the position the store reaches by
     * applying it.
     */
    public static Pos encode(Path sqliteFile, Pos current, byte @Nullable [] currentFirstPage, Path ltx) throws IOException {
        int pageSize = checkedPageSize(sqliteFile);
        long size = Files.size(sqliteFile);
        int commit = (int) (size / pageSize);
        boolean snapshot = current.isZero();
        TxId txid = current.txid().next();
        LtxHeader header = LtxHeader.of(0, pageSize, commit, snapshot ? TxId.of(1) : txid, txid,
                System.currentTimeMillis(), snapshot ? Checksum.ZERO : current.postApplyChecksum());
        DatabaseChecksum checksum = new DatabaseChecksum();
        try (InputStream in = Files.newInputStream(sqliteFile);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(ltx), 1 << 16)) {
            LtxEncoder encoder = new LtxEncoder(out, header);
            byte[] page = new byte[pageSize];
            for (int pgno = 1; pgno <= commit; pgno++) {
                if (in.readNBytes(page, 0, pageSize) != pageSize) {
                    throw new IOException(sqliteFile + " became shorter while being imported; import it when nothing writes it");
                }
                if (pgno == 1 && currentFirstPage != null) {
                    advanceCounters(page, currentFirstPage);
                }
                if (pgno != header.lockPage()) {
                    checksum.add(PageChecksum.of(pgno, page));
                    encoder.writePage(pgno, page);
                }
            }
            encoder.finish(checksum.value());
        }
        return new Pos(txid, checksum.value());
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

    /**
     * Checks that {@code file} can be imported as it is, and returns its page size.
     *
     * @throws IllegalArgumentException saying what is wrong with the file and what to do
     */
    public static int checkedPageSize(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        byte[] header = new byte[100];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        }
        if (read < header.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(file + " is not a SQLite database (no \"SQLite format 3\" header)");
        }
        int pageSize = Pages.pageSizeOf(header);
        if (!Pages.isValidPageSize(pageSize)) {
            throw new IllegalArgumentException(file + " has an invalid page size " + pageSize + " in its header");
        }
        long size = Files.size(file);
        if (size % pageSize != 0) {
            throw new IllegalArgumentException(file + " is " + size + " bytes, not a whole number of " + pageSize
                    + "-byte pages: it was cut short or is being written");
        }
        Path journal = file.resolveSibling(file.getFileName() + "-journal");
        if (Files.exists(journal) && startsWith(journal, HOT_JOURNAL_MAGIC)) {
            throw new IllegalArgumentException(file + " has a hot journal: a transaction was interrupted. Open it once "
                    + "with sqlite3 (which rolls it back), then import it");
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal) && Files.size(wal) > 0) {
            throw new IllegalArgumentException(file + " has a write-ahead log that may hold transactions not yet in "
                    + "the file. Run PRAGMA wal_checkpoint(TRUNCATE) on it, then import it");
        }
        return pageSize;
    }

    private static boolean startsWith(Path file, byte[] prefix) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(prefix.length), prefix);
        }
    }
}
