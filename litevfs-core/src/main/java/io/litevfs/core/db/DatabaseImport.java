package io.litevfs.core.db;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.ReplacingTransaction;
import org.jspecify.annotations.Nullable;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns a plain SQLite file into the LTX file that makes it the next transaction of a database in the
 * store ({@link ReplacingTransaction}: every page, counters moved past the replaced database's). Refused
 * with a message saying what to do: a file that is not a SQLite database, is empty or cut short, or has
 * a journal or write-ahead log holding transactions that are not in the file yet.
 */
public final class DatabaseImport {

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
        int commit = (int) (Files.size(sqliteFile) / pageSize);
        try (InputStream in = Files.newInputStream(sqliteFile);
             OutputStream out = new BufferedOutputStream(OwnerOnly.newOutputStream(ltx), 1 << 16)) {
            return ReplacingTransaction.encode(in, pageSize, commit, current, currentFirstPage, out, System.currentTimeMillis());
        } catch (IOException e) {
            throw new IOException(sqliteFile + ": " + e.getMessage() + "; import it when nothing writes it", e);
        }
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
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(ReplacingTransaction.HEADER_SIZE);
        }
        int pageSize = ReplacingTransaction.pageSizeOf(header, Files.size(file), file.toString());
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
