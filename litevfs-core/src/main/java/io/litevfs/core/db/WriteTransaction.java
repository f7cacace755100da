package io.litevfs.core.db;

import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The one write transaction a database may have at a time: the connection writing (the one holding
 * RESERVED), the pages it wrote ({@link DirtyPages}, a local file) and, when it ends, shipping them to
 * the store as one commit ({@link CommitShipper}).
 *
 * <p>States: idle ({@code writer} null), or writing from {@link #begin} to {@link #finish}. While
 * writing, the writer reads its own pages over the store's ({@link #read}, {@link #size}); every other
 * connection reads the store's. {@link #finish} always ends the transaction, shipped or not: a commit
 * refused or not delivered drops the written pages, so that SQLite reads the store's state again.
 * Not thread-safe: the database calls it under its own lock.
 */
final class WriteTransaction {

    private static final Logger log = LoggerFactory.getLogger(WriteTransaction.class);

    /** What a finished transaction did to the database, for the caller to apply. */
    record Committed(Pos pos, int pageSize) {
    }

    private final String name;
    private final Pager pager;
    private final PageCache cache;
    private final LeaseKeeper leases;
    private final Path directory;
    private final DirtyPages dirty;
    private final CommitShipper shipper;
    /** Told when a commit was refused because the store moved on, so that the database catches up. */
    private final Runnable onStoreMovedOn;
    /** Told when a commit was refused as not adding up to the store's content: the cache differs from the store. */
    private final Runnable onCacheDisagrees;
    /** A file of the database's own, whose reads count against no connection's query budget. */
    private final Supplier<DatabaseFile> ownFile;
    private @Nullable DatabaseFile writer;
    private int dirtyCommit = -1;
    private int writePageSize;

    WriteTransaction(String name, Pager pager, PageCache cache, BlockingCloudClient client, LeaseKeeper leases,
                     Path directory, Runnable onStoreMovedOn, Runnable onCacheDisagrees, Supplier<DatabaseFile> ownFile) {
        this.name = name;
        this.pager = pager;
        this.cache = cache;
        this.leases = leases;
        this.directory = directory;
        this.dirty = new DirtyPages(directory.resolve(DIRTY_FILE));
        this.shipper = new CommitShipper(name, client, cache);
        this.onStoreMovedOn = onStoreMovedOn;
        this.onCacheDisagrees = onCacheDisagrees;
        this.ownFile = ownFile;
    }

    /** The file holding pages written by a transaction not shipped yet. */
    static final String DIRTY_FILE = "dirty-pages";

    /** Starts the transaction of {@code file}, which got RESERVED; needs the write lease. */
    void begin(DatabaseFile file) {
        if (leases.heldId(name) == null) {
            throw new VfsException(SqliteCodes.READONLY, "litevfs: database " + name + ": writing needs its write "
                    + "lease; take it with PRAGMA litevfs_acquire_lease (and release it with PRAGMA "
                    + "litevfs_release_lease), or write inside LiteVfs.withWriteLease");
        }
        int pageSize = pager.pageSize(file);
        writer = file;
        writePageSize = pageSize;
        dirtyCommit = pageSize > 0 ? pager.commit(file) : 0;
    }

    boolean isWriter(DatabaseFile file) {
        return writer == file;
    }

    /** Whether {@code pos} is the position of one of this node's recent commits (see {@link CommitShipper}). */
    boolean shippedRecently(Pos pos) {
        return shipper.shippedRecently(pos);
    }

    /**
     * The writer's read of what it wrote: the bytes read, 0 past its end, or -1 when the range is not
     * among its written pages (or {@code file} is not the writer) and comes from the store.
     */
    int read(DatabaseFile file, ByteBuffer target, long offset) {
        if (writer != file || writePageSize <= 0) {
            return -1;
        }
        int pgno = (int) (offset / writePageSize + 1);
        if (pgno > dirtyCommit) {
            return 0;
        }
        int length = target.remaining();
        return dirty.read(pgno, (int) (offset % writePageSize), target, length) ? length : -1;
    }

    /** The size the writing connection sees, or -1 for another connection (it sees the store's). */
    long size(DatabaseFile file) {
        return writer != file || writePageSize <= 0 ? -1 : (long) writePageSize * dirtyCommit;
    }

    void write(DatabaseFile file, ByteBuffer source, long offset) {
        if (writer != file) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": write without the write lock");
        }
        int length = source.remaining();
        if (writePageSize <= 0) {
            if (offset != 0) {
                throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name
                        + ": the first write of a new database must be page 1");
            }
            writePageSize = length;
        }
        int pgno = (int) (offset / writePageSize + 1);
        int inPage = (int) (offset % writePageSize);
        if (inPage + length > writePageSize) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: write of " + length + " bytes at " + offset
                    + " crosses a page boundary of " + name);
        }
        byte[] page = new byte[writePageSize];
        if (length < writePageSize) {
            currentPage(file, pgno, page);
        }
        source.get(page, inPage, length);
        dirty.write(pgno, page);
        dirtyCommit = Math.max(dirtyCommit, pgno);
    }

    void truncate(DatabaseFile file, long size) {
        if (writer != file || writePageSize <= 0) {
            throw new VfsException(SqliteCodes.IOERR_TRUNCATE, "litevfs: database " + name + ": truncate without the write lock");
        }
        dirtyCommit = (int) (size / writePageSize);
        dirty.truncate(dirtyCommit);
    }

    /**
     * Ends the transaction, the writer having dropped below RESERVED: SQLite has committed (page 1,
     * whose change counter every commit updates, differs from the store's) or rolled back. A commit is
     * shipped now; returns its position, or null for a rollback. If the store refuses it or cannot be
     * reached, the written pages are dropped and the error thrown.
     */
    @Nullable Committed finish(Pos base) {
        int oldCommit = Math.max(pager.knownCommit(), 0);
        try {
            if (!committed(base)) {
                return null;
            }
            refusePageSizeChange();
            String leaseId = leases.heldId(name);
            if (leaseId == null) {
                throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the write lease was "
                        + "lost before the commit could be shipped; the transaction was dropped, take the lease and retry");
            }
            CommitShipper.Shipped shipped = shipper.ship(dirty, base, writePageSize, oldCommit, dirtyCommit, leaseId, directory);
            cache.moveTo(shipped.pos(), writePageSize, shipped.changed(), false);
            for (int pgno : dirty.pgnos()) {
                cache.put(pgno, dirty.page(pgno), shipped.pos());
            }
            pager.pagesWritten(dirty.pgnos());
            log.debug("[commit] db={} pos={} -> {} pages={}", name, base, shipped.pos(), dirty.size());
            return new Committed(shipped.pos(), writePageSize);
        } catch (CloudException e) {
            if (e.isPositionMismatch()) {
                onStoreMovedOn.run();
                throw new VfsException(SqliteCodes.IOERR_POSITION_MISMATCH, "litevfs: database " + name + ": the commit "
                        + "was refused because the store moved on (it is at " + e.pos() + ", the transaction started at "
                        + base + "); the transaction was dropped, retry it", e);
            }
            if (CloudException.OUTCOME_UNKNOWN.equals(e.code())) {
                onStoreMovedOn.run();
                throw new VfsException(SqliteCodes.IOERR_OUTCOME_UNKNOWN, "litevfs: database " + name + ": the commit "
                        + "may or may not have landed: " + e.getMessage() + ". Do not run it again as it is: look first "
                        + "whether its changes are there (the next sync brings them if it landed)", e);
            }
            if (e.isChecksumMismatch()) {
                onCacheDisagrees.run();
                throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the store refused the "
                        + "commit because the pages it read them from differ from the store's (" + e.code() + ": "
                        + e.getMessage() + "); "
                        + "the transaction was dropped and every cached page of the database is fetched again, retry it", e);
            }
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the store did not accept "
                    + "the commit (" + e.code() + ": " + e.getMessage() + "); the transaction was dropped", e);
        } catch (IOException e) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": the commit could not be "
                    + "prepared (" + e + "); the transaction was dropped", e);
        } finally {
            dirty.clear();
            writer = null;
            dirtyCommit = -1;
            writePageSize = 0;
            pager.headerChanged();
            pager.treesChanged();
        }
    }

    void close() throws IOException {
        dirty.close();
    }

    /** The page as the writing connection sees it: written, cached, fetched, or past the end (zeros). */
    private void currentPage(DatabaseFile file, int pgno, byte[] page) {
        ByteBuffer target = ByteBuffer.wrap(page);
        if (dirty.read(pgno, 0, target, page.length) || pgno > pager.knownCommit()) {
            return;
        }
        pager.read(file, target, (long) (pgno - 1) * page.length);
    }

    /**
     * Refuses a commit whose page 1 declares another page size than the pages written ({@code PRAGMA
     * page_size} then {@code VACUUM}): SQLite writes the new image through pages of the old size, which
     * every node, and the store, would then read cut at the wrong boundaries.
     */
    private void refusePageSizeChange() {
        int declared = Pages.declaredPageSize(dirty.page(1));
        if (declared != 0 && declared != writePageSize) {
            throw new VfsException(SqliteCodes.IOERR_WRITE, "litevfs: database " + name + ": changing the page size "
                    + "from " + writePageSize + " to " + declared + " bytes (PRAGMA page_size, then VACUUM) is not "
                    + "supported; the transaction was dropped and the database is unchanged. A database keeps the page "
                    + "size it was created with: to use another, create a new database with PRAGMA page_size before its "
                    + "first table and copy the data into it");
        }
    }

    /** Whether the transaction that ends committed: page 1 written and different from the store's. */
    private boolean committed(Pos base) {
        if (dirty.isEmpty() && dirtyCommit == pager.knownCommit()) {
            return false;
        }
        if (!dirty.contains(1)) {
            return false;
        }
        if (base.isZero()) {
            return true;
        }
        byte[] stored = new byte[writePageSize];
        pager.read(ownFile.get(), ByteBuffer.wrap(stored), 0);
        return !Arrays.equals(stored, dirty.page(1));
    }
}
