package io.litevfs.server.store.history;

import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a database's history is kept durably. Either way, the files a database reads pages from are
 * local files under its directory; the storage decides whether they are the durable copy
 * ({@code LocalHistory}) or a bounded cache of objects in a bucket ({@code BucketHistory}).
 */
public interface HistoryStorage {

    /** Where a file of history is read from. */
    Path pathOf(Database database, LtxFileName name, StoredFile.Kind kind);

    /**
     * Makes a verified upload, written completely and forced to {@code written}, part of the database's
     * durable history at {@code stored.path()}. Called under the database's upload lock.
     *
     * @param mayWriteBehind the lease rules let it be acknowledged before it reaches the bucket
     * @throws CommitConflict when another replica committed at that position first; nothing was kept
     */
    void commit(Database database, StoredFile stored, Path written, boolean mayWriteBehind) throws IOException;

    /**
     * Makes a file compaction wrote (a snapshot, or a merge of one retention window) durable at
     * {@code made.path()}. Another replica may have made the same file first: both are made the same way
     * of the same history, so either copy serves.
     */
    void publish(Database database, StoredFile made, Path written) throws IOException;

    /** Deletes files that a durable snapshot or merged file holds, after it replaced them in the database. */
    void deleteFolded(Database database, List<StoredFile> folded) throws IOException;

    /**
     * Deletes what a durable snapshot or merged file holds but an earlier deletion left behind (the storage
     * was away, or a process stopped between writing it and deleting); called after each compaction round.
     */
    void deleteLeftovers();

    /** Records a database that stays even while empty (opened by a lease, or written). */
    void keep(Database database) throws IOException;

    /** Whether durable storage holds a database this store has not loaded (one another replica created). */
    boolean holds(String cluster, String name);

    /** Makes sure the file can be opened for reading: a cache brings it back. */
    void ensureLocal(Database database, StoredFile file) throws IOException;

    /**
     * Brings the database up to date with what other replicas committed, before a write is checked or
     * when a read asks for a position not seen yet. Called under the upload lock; nothing for storage
     * only this store writes.
     */
    void catchUp(Database database) throws IOException;

    /**
     * Whether the database must catch up before an upload that continues its position is committed: a
     * bucket's upload keys are freed by compaction once they are older than the retention, so a replica
     * whose view is that old could recreate one; a fresher view cannot, and the commit itself settles
     * any race.
     */
    boolean staleForWrites(Database database);

    /**
     * Catches up, waiting a while for position {@code base} when another replica may have acknowledged
     * it before putting it where this one can see it; nothing for storage only this store writes.
     */
    void catchUpTo(Database database, TxId base) throws IOException;

    /** Raised by {@link #commit} when the position the upload continues was continued by someone else. */
    final class CommitConflict extends RuntimeException {

        public CommitConflict(String message) {
            super(message);
        }
    }
}
