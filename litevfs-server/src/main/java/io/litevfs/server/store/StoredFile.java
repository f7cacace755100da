package io.litevfs.server.store;

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
 * @param path        where it is
 * @param header      its header (flags 0)
 * @param postApply   the database checksum after it
 * @param pgnos       its page numbers, ascending
 * @param storedAtMs  when the store accepted it (for history retention; clients' timestamps are not trusted)
 * @param folded      whether compaction made it of older files (a snapshot), rather than an upload
 */
record StoredFile(Path path, LtxHeader header, Checksum postApply, int[] pgnos, long storedAtMs, boolean folded) {

    TxId minTxId() {
        return header.minTxId();
    }

    TxId maxTxId() {
        return header.maxTxId();
    }

    /** The position of the database after this file. */
    Pos pos() {
        return new Pos(header.maxTxId(), postApply);
    }

    int commit() {
        return header.commit();
    }

    /** The byte offset of page {@code pgno}'s data, or -1 when this file does not hold it. */
    long offsetOf(int pgno) {
        int index = Arrays.binarySearch(pgnos, pgno);
        return index < 0 ? -1 : LtxHeader.SIZE + (long) index * (4 + header.pageSize()) + 4;
    }
}
