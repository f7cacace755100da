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
 * Its lock level is the database's {@link Locks}'.
 */
final class DatabaseFile implements VfsFile {

    private final VfsDatabase database;
    private final boolean readOnly;
    private int requestsInQuery;

    DatabaseFile(VfsDatabase database, boolean readOnly) {
        this.database = database;
        this.readOnly = readOnly;
    }

    /** Counts one remote request against the per-query budget. */
    void countRequest(int budget) {
        if (++requestsInQuery > budget) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + database.name() + ": this query needs more than "
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
        return database.read(this, target, offset);
    }

    @Override
    public void write(ByteBuffer source, long offset) {
        if (readOnly) {
            throw notWritable();
        }
        database.write(this, source, offset);
    }

    @Override
    public void truncate(long size) {
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
        return database.size(this);
    }

    @Override
    public int lock(int level) {
        return database.lock(this, level);
    }

    @Override
    public void unlock(int level) {
        database.unlock(this, level);
    }

    @Override
    public boolean reservedLockHeld() {
        return database.reservedLockHeld();
    }

    @Override
    public @Nullable PragmaAnswer pragma(String name, @Nullable String argument) {
        return database.pragma(name, argument);
    }

    @Override
    public void close() {
        database.closed(this);
    }

    private VfsException notWritable() {
        return new VfsException(SqliteCodes.READONLY, "litevfs: database " + database.name() + " was opened read-only");
    }
}
