package io.litevfs.store.compaction;

import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.SnapshotWriter;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.HistoryFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Bounds a database's history: the oldest files accepted before a cutoff are folded, together with the
 * snapshot before them, into one new snapshot at the newest of them. Positions before it can no longer
 * be read ({@code EPOSMISMATCH}), which is what history retention means.
 *
 * <p>The new snapshot is written, verified (the encoder recomputes its checksum), forced and renamed
 * into place before the folded files are deleted; a crash in between leaves files the loader recognises
 * as folded and deletes. Readers see the swap atomically; pages of positions at or after the new
 * snapshot are unchanged by it.
 */
public final class HistoryCompactor {

    private static final Logger log = LoggerFactory.getLogger(HistoryCompactor.class);

    private HistoryCompactor() {
    }

    /** Folds files accepted before {@code cutoffMs}; returns whether anything was folded. */
    public static boolean compact(Database database, long cutoffMs) throws IOException {
        List<StoredFile> files = database.files();
        int lastFolded = 0;
        while (lastFolded + 1 < files.size() && files.get(lastFolded + 1).acceptedAtMs() < cutoffMs) {
            lastFolded++;
        }
        if (lastFolded == 0) {
            return false;
        }
        StoredFile target = files.get(lastFolded);

        LtxFileName snapshotName = new LtxFileName(TxId.of(1), target.maxTxId());
        StoredFile snapshot = new StoredFile(database.durable().pathOf(database, snapshotName, StoredFile.Kind.SNAPSHOT),
                LtxHeader.of(0, target.header().pageSize(), target.commit(), TxId.of(1), target.maxTxId(),
                        target.header().timestamp(), io.litevfs.protocol.Checksum.ZERO),
                target.postApply(), allPages(target.commit(), target.header().lockPage()), StoredFile.Kind.SNAPSHOT);
        HistoryFileWriter.writeAndPublish(database, snapshot, out -> SnapshotWriter.writeLtx(new SnapshotWriter.Plan(
                database, target.pos(), target.commit(), target.header().pageSize(), target.header().timestamp()), 0, out));
        foldInto(database, snapshot);
        return true;
    }

    /**
     * Puts a durable snapshot in place of the files it holds (every file up to its max TXID), then deletes
     * them from storage. The snapshot is this store's own, or one another replica made and this one
     * verified against its history (it ends at a position this database passed).
     */
    public static void foldInto(Database database, StoredFile snapshot) throws IOException {
        List<StoredFile> folded = database.fold(snapshot);
        database.durable().deleteFolded(database, folded);
        log.info("[store] db={}/{}: folded {} file(s) into snapshot {}", database.cluster(), database.name(),
                folded.size(), snapshot.path().getFileName());
    }

    private static int[] allPages(int commit, int lockPage) {
        int[] pgnos = new int[commit >= lockPage ? commit - 1 : commit];
        int index = 0;
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (pgno != lockPage) {
                pgnos[index++] = pgno;
            }
        }
        return pgnos;
    }
}
