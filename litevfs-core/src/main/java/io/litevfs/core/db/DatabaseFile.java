package io.litevfs.core.db;

import io.litevfs.core.vfs.PragmaAnswer;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.core.vfs.VfsFile;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;

/**
 * One connection's open handle on a database, and its count of remote requests in the current query
 * (reset when the connection takes its shared lock, which SQLite does per statement or transaction).
 * Its lock level is the database's {@link Locks}'. While the connection travels in time
 * ({@code PRAGMA litevfs_time}), its reads and size are those of a {@link TimeTravel} view, and it
 * cannot take the reserved lock or write; other connections are unaffected.
 */
final class DatabaseFile implements VfsFile {

    private final VfsDatabase database;
    private final boolean readOnly;
    private int requestsInQuery;
    private @Nullable TimeTravel travel;
    /** The lock level SQLite holds through this handle. */
    private int lockLevel;
    /** The database's repairs this connection's SQLite has dropped its pages for (see {@link VfsDatabase#read}). */
    private long repairsSeen;

    DatabaseFile(VfsDatabase database, boolean readOnly) {
        this.database = database;
        this.readOnly = readOnly;
        this.repairsSeen = database.repairs();
    }

    /** Whether the cache was repaired since this connection last learnt of it; it learns of it now. */
    boolean missedRepair(long repairs) {
        boolean missed = repairsSeen != repairs;
        repairsSeen = repairs;
        return missed;
    }

    /** Counts one remote request against the per-query budget. */
    void countRequest(int budget) {
        if (++requestsInQuery > budget) {
            throw new VfsException(SqliteCodes.IOERR_REQUEST_BUDGET, "litevfs: database " + database.name() + ": this query needs more than "
                    + budget + " remote page requests; raise the budget with PRAGMA litevfs_max_reqs_per_query (up to "
                    + DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT + "), or cache the database with PRAGMA litevfs_cache_db");
        }
    }

    int requestsInQuery() {
        return requestsInQuery;
    }

    void resetQuery() {
        requestsInQuery = 0;
    }

    @Override
    public int read(ByteBuffer target, long offset) {
        TimeTravel view = travel;
        return view == null ? database.read(this, target, offset) : view.read(target, offset);
    }

    @Override
    public void write(ByteBuffer source, long offset) {
        refuseWritesWhileTravelling();
        if (readOnly) {
            throw notWritable();
        }
        database.write(this, source, offset);
    }

    @Override
    public void truncate(long size) {
        refuseWritesWhileTravelling();
        if (readOnly) {
            throw notWritable();
        }
        database.truncate(this, size);
    }

    @Override
    public void sync() {
    }

    @Override
    public long size() {
        TimeTravel view = travel;
        return view == null ? database.size(this) : view.size();
    }

    @Override
    public int lock(int level) {
        if (level >= SqliteCodes.LOCK_RESERVED) {
            refuseWritesWhileTravelling();
        }
        int result = database.lock(this, level);
        if (result == SqliteCodes.OK) {
            lockLevel = level;
        }
        return result;
    }

    @Override
    public void unlock(int level) {
        database.unlock(this, level);
        lockLevel = level;
    }

    @Override
    public boolean reservedLockHeld() {
        return database.reservedLockHeld();
    }

    /**
     * {@code litevfs_time}: without an argument, what this connection reads ('' for the live database);
     * with a TXID or an RFC 3339 time, reads as of that point of the store's history from the next
     * transaction on; with '' the live database again. The rest are the database's pragmas.
     */
    @Override
    public @Nullable PragmaAnswer pragma(String name, @Nullable String argument) {
        if (!name.equalsIgnoreCase("litevfs_time")) {
            return database.pragma(name, argument);
        }
        if (argument == null) {
            TimeTravel view = travel;
            return PragmaAnswer.of(view == null ? "" : view.describe());
        }
        if (lockLevel >= SqliteCodes.LOCK_SHARED) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs_time cannot change inside a transaction; COMMIT or "
                    + "ROLLBACK first");
        }
        travel = argument.isBlank() ? null : database.timeTravel(argument.strip());
        return PragmaAnswer.NONE;
    }

    private void refuseWritesWhileTravelling() {
        TimeTravel view = travel;
        if (view != null) {
            throw view.refusedWrite();
        }
    }

    @Override
    public void close() {
        database.closed(this);
    }

    private VfsException notWritable() {
        return new VfsException(SqliteCodes.READONLY, "litevfs: database " + database.name() + " was opened read-only");
    }
}
