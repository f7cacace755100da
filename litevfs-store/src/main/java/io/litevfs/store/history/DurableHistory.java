package io.litevfs.store.history;

import io.litevfs.protocol.ltx.LtxFileName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a database's history is kept durably: the store's own disk ({@code LocalHistory}) or a bucket
 * shared by replicas ({@code BucketHistory}). Either way, the files a database reads pages from are local
 * files under its directory; the storage decides whether they are the durable copy or a bounded cache of
 * objects. Following what other replicas put in shared storage is another role, {@link SharedHistory}.
 *
 * <p>The contract every implementation keeps: when {@link #commit} or {@link #publish} returns, the file
 * survives a crash of this process and of the machine; a file is never deleted before what replaces it
 * survives a crash too.
 */
public interface DurableHistory extends AutoCloseable {

    /** Where a file of history is read from. */
    Path pathOf(Database database, LtxFileName name, StoredFile.Kind kind);

    /**
     * Makes a verified upload, {@code staged} completely but neither forced nor in place, part of the
     * database's durable history at {@code stored.path()}: each storage makes it as durable as its
     * acknowledgement promises (the commit log keeps a copy, a file on its own is forced, a bucket holds
     * the object), taking the content from where it was staged so that it is written once. Called under
     * the database's upload lock.
     *
     * @param mayWriteBehind the lease rules let it be acknowledged before it reaches the bucket
     * @throws CommitConflict when another replica committed at that position first; nothing was kept
     */
    void commit(Database database, StoredFile stored, StagedFile staged, boolean mayWriteBehind) throws IOException;

    /**
     * Makes a file compaction wrote (a snapshot, or a merge of one retention window), {@code staged}
     * completely, durable at {@code made.path()}. Another replica may have made the same file first: both
     * are made the same way of the same history, so either copy serves.
     */
    void publish(Database database, StoredFile made, StagedFile staged) throws IOException;

    /**
     * Deletes files that a durable snapshot or merged file holds, after it replaced them in the database.
     * Storage that cannot delete now (a bucket away) may keep them to delete later; nothing reads them.
     */
    void deleteFolded(Database database, List<StoredFile> folded) throws IOException;

    /** Records a database that stays even while empty (opened by a lease, or written). */
    void keep(Database database) throws IOException;

    /** Stops background work; what was acknowledged is durable either way. Closing twice does nothing more. */
    @Override
    void close() throws IOException;

    /** Raised by {@link #commit} when the position the upload continues was continued by someone else. */
    final class CommitConflict extends RuntimeException {

        public CommitConflict(String message) {
            super(message);
        }
    }
}
