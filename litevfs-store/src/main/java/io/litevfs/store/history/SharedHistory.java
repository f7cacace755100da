package io.litevfs.store.history;

import io.litevfs.protocol.TxId;

import java.io.IOException;

/**
 * Durable storage that other replicas of the store write too (a bucket): how this replica learns what
 * they committed. A store that is its storage's only writer has none, and its databases never catch up.
 */
public interface SharedHistory {

    /** Whether shared storage holds a database this store has not loaded (one another replica created). */
    boolean holds(String cluster, String name);

    /**
     * Makes sure a file of history can be opened for reading: local copies are a bounded cache, so one
     * evicted is brought back. A file another replica folded or merged away meanwhile is
     * {@link java.nio.file.NoSuchFileException}, after which reads retry.
     */
    void ensureLocal(Database database, StoredFile file) throws IOException;

    /**
     * Brings the database up to date with what other replicas committed, before a write is checked or
     * when a read asks for a position not seen yet. Called under the upload lock.
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
     * it before putting it where this one can see it.
     */
    void catchUpTo(Database database, TxId base) throws IOException;
}
