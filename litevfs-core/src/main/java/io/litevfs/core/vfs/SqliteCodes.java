package io.litevfs.core.vfs;

/**
 * SQLite result codes, open flags and lock levels used by the VFS (from {@code sqlite3.h}).
 */
public final class SqliteCodes {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int BUSY = 5;
    public static final int READONLY = 8;
    public static final int IOERR = 10;
    public static final int NOTFOUND = 12;
    public static final int FULL = 13;
    public static final int CANTOPEN = 14;

    public static final int IOERR_READ = IOERR | (1 << 8);
    public static final int IOERR_SHORT_READ = IOERR | (2 << 8);
    public static final int IOERR_WRITE = IOERR | (3 << 8);
    public static final int IOERR_FSYNC = IOERR | (4 << 8);
    public static final int IOERR_TRUNCATE = IOERR | (6 << 8);
    public static final int IOERR_FSTAT = IOERR | (7 << 8);
    public static final int IOERR_UNLOCK = IOERR | (8 << 8);
    public static final int IOERR_DELETE = IOERR | (10 << 8);
    public static final int IOERR_ACCESS = IOERR | (13 << 8);
    public static final int IOERR_LOCK = IOERR | (15 << 8);
    public static final int IOERR_CLOSE = IOERR | (16 << 8);
    /** LiteVFS's own code for "the store no longer has this position": retry the transaction. */
    public static final int IOERR_POSITION_MISMATCH = IOERR | (0x504F53 << 8);
    /**
     * LiteVFS's own code for "the commit got no answer: it may or may not have landed". Not to be retried
     * as it is: a retry of a commit that landed writes it twice.
     */
    public static final int IOERR_OUTCOME_UNKNOWN = IOERR | (0x4F5554 << 8);
    /**
     * LiteVFS's own code for "this query needs more remote page requests than its budget"
     * ({@code PRAGMA litevfs_max_reqs_per_query}): the query failed as a whole; nothing is wrong with the data.
     */
    public static final int IOERR_REQUEST_BUDGET = IOERR | (0x425544 << 8);

    public static final int OPEN_READONLY = 0x1;
    public static final int OPEN_CREATE = 0x4;
    public static final int OPEN_MAIN_DB = 0x100;

    public static final int LOCK_NONE = 0;
    public static final int LOCK_SHARED = 1;
    public static final int LOCK_RESERVED = 2;
    public static final int LOCK_PENDING = 3;
    public static final int LOCK_EXCLUSIVE = 4;

    public static final int FCNTL_PRAGMA = 14;

    public static final int IOCAP_SAFE_APPEND = 0x200;
    public static final int IOCAP_SEQUENTIAL = 0x400;
    public static final int IOCAP_POWERSAFE_OVERWRITE = 0x1000;

    private SqliteCodes() {
    }
}
