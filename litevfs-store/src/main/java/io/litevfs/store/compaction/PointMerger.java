package io.litevfs.store.compaction;

import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.DurableHistory;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.HistoryFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Thins history out to the points a {@link RetentionPolicy} keeps: consecutive files whose points fall in
 * one window of a level become one merged file, the point at the window's last transaction, with the
 * time that transaction was accepted. The first file of history (the snapshot) is never merged.
 *
 * <p>A merged file is what Go's LTX compactor makes of its inputs: the first's min TXID and pre-apply
 * checksum, the last's max TXID, commit, post-apply checksum and timestamp, each page's newest version
 * and no page beyond the last commit. The store makes it from the page index as of the last input, so
 * merging is deterministic: two replicas merging one window write the same bytes under the same key.
 *
 * <p>Order of effects, as for a snapshot: the merged file is written, forced and made durable
 * ({@link DurableHistory#publish}) before it replaces its inputs in the database and they are deleted; a
 * crash in between leaves inputs the loader recognises as covered and deletes.
 */
public final class PointMerger {

    private static final Logger log = LoggerFactory.getLogger(PointMerger.class);

    private PointMerger() {
    }

    /** Merges every window of the database that is due; returns how many files it merged away. */
    public static int merge(Database database, RetentionPolicy policy, long nowMs) throws IOException {
        int mergedAway = 0;
        for (List<StoredFile> members : due(database, policy, nowMs)) {
            if (merge(database, members)) {
                mergedAway += members.size() - 1;
            }
        }
        return mergedAway;
    }

    /** Runs of two or more consecutive files (after the first) whose points fall in one window. */
    static List<List<StoredFile>> due(Database database, RetentionPolicy policy, long nowMs) {
        List<List<StoredFile>> runs = new ArrayList<>();
        List<StoredFile> files = database.files();
        List<StoredFile> run = new ArrayList<>();
        RetentionPolicy.Window runWindow = null;
        for (int i = 1; i < files.size(); i++) {
            StoredFile file = files.get(i);
            RetentionPolicy.Window window = policy.windowOf(file.acceptedAtMs(), nowMs);
            if (window == null || !window.equals(runWindow)) {
                addIfMergeable(runs, run);
                run = new ArrayList<>();
            }
            runWindow = window;
            if (window != null) {
                run.add(file);
            }
        }
        addIfMergeable(runs, run);
        return runs;
    }

    private static void addIfMergeable(List<List<StoredFile>> runs, List<StoredFile> run) {
        if (run.size() > 1) {
            runs.add(run);
        }
    }

    /** Describes the file {@code members} merge into, at the place its storage keeps it. */
    public static StoredFile describe(Database database, List<StoredFile> members) {
        StoredFile first = members.getFirst();
        StoredFile last = members.getLast();
        BitSet pages = new BitSet();
        for (StoredFile member : members) {
            for (int pgno : member.pgnos()) {
                if (pgno <= last.commit()) {
                    pages.set(pgno);
                }
            }
        }
        LtxHeader header = LtxHeader.of(0, last.header().pageSize(), last.commit(), first.minTxId(), last.maxTxId(),
                last.acceptedAtMs(), first.header().preApplyChecksum());
        Path path = database.durable().pathOf(database, new LtxFileName(first.minTxId(), last.maxTxId()),
                StoredFile.Kind.MERGED);
        return new StoredFile(path, header, last.postApply(), pages.stream().toArray(), StoredFile.Kind.MERGED);
    }

    private static boolean merge(Database database, List<StoredFile> members) throws IOException {
        StoredFile merged = describe(database, members);
        try {
            HistoryFileWriter.writeAndPublish(database, merged, out -> write(database, merged, out));
        } catch (java.nio.file.NoSuchFileException foldedMeanwhile) {
            log.debug("[store] db={}/{}: a file to merge is gone ({}); history changed meanwhile", database.cluster(),
                    database.name(), foldedMeanwhile.getMessage());
            return false;
        } catch (StoreException e) {
            if (e.code() != io.litevfs.protocol.wire.ErrorCode.EPOSMISMATCH) {
                throw e;
            }
            log.debug("[store] db={}/{}: the window's last position is no longer kept (another replica merged wider)",
                    database.cluster(), database.name());
            return false;
        }
        if (!database.replace(members, merged)) {
            return false;
        }
        database.durable().deleteFolded(database, members.stream()
                .filter(member -> !member.path().equals(merged.path())).toList());
        log.info("[store] db={}/{}: merged {} file(s) into the point at TXID {}", database.cluster(), database.name(),
                members.size(), merged.maxTxId());
        return true;
    }

    /** Writes the merged file's pages, each as of its last input. */
    private static void write(Database database, StoredFile merged, OutputStream out) throws IOException {
        LtxEncoder encoder = new LtxEncoder(out, merged.header());
        database.forEachPage(merged.pos(), merged.pgnos(), encoder::writePage);
        encoder.finish(merged.postApply());
    }
}
