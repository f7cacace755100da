package io.litevfs.store.history;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxHeader;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One LTX file of a database's history, as stored: uncompressed, so that page {@code pgno} sits at a
 * computable offset, and immutable once in place.
 *
 * <p>The header's timestamp is the time the store accepted the file's last transaction, by the store's
 * own clock: the store writes it into every upload it accepts (a client's timestamp is not trusted), and
 * a file compaction makes of others takes the time of the last of them. Being in the file, it survives
 * restarts, a replay of the commit log, copies of the data directory and the trip through a bucket.
 *
 * @param path        where it is
 * @param header      its header (flags 0)
 * @param postApply   the database checksum after it
 * @param pgnos       its page numbers, ascending
 * @param kind        an upload, or what compaction made of several files
 */
public record StoredFile(Path path, LtxHeader header, Checksum postApply, int[] pgnos, Kind kind) {

    /** Where a file of history comes from. */
    public enum Kind {
        /** One accepted upload, as the client sent it (the store's timestamp in its header). */
        UPLOAD,
        /**
         * Consecutive files of one retention window merged into one ({@code PointMerger}): the newest version
         * of each page they wrote, from the position before the first to the position after the last.
         */
        MERGED,
        /** The whole database as of its max TXID, which everything older was folded into ({@code HistoryCompactor}). */
        SNAPSHOT
    }

    /** When the store accepted the last transaction this file holds (for retention and restore points). */
    public long acceptedAtMs() {
        return header.timestamp();
    }

    public TxId minTxId() {
        return header.minTxId();
    }

    public TxId maxTxId() {
        return header.maxTxId();
    }

    /** The position of the database after this file. */
    public Pos pos() {
        return new Pos(header.maxTxId(), postApply);
    }

    public int commit() {
        return header.commit();
    }

    /** The byte offset of page {@code pgno}'s data, or -1 when this file does not hold it. */
    long offsetOf(int pgno) {
        int index = Arrays.binarySearch(pgnos, pgno);
        return index < 0 ? -1 : LtxHeader.SIZE + (long) index * (4 + header.pageSize()) + 4;
    }
}
