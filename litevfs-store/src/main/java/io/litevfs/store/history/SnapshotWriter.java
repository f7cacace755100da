package io.litevfs.store.history;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.ErrorCode;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a database as it is at one position, either as an LTX snapshot (TXIDs 1 to the position's,
 * LZ4-compressed as LiteFS Cloud served them) or as a plain SQLite file. The LTX encoder recomputes
 * the database checksum over every page it writes and refuses to finish if it differs from the
 * position's, so a snapshot that leaves the store is verified on the way out.
 */
public final class SnapshotWriter {

    public enum Format {
        LTX, SQLITE
    }

    /** What a snapshot will be of, fixed when the request arrives. */
    public record Plan(Database database, Pos pos, int commit, int pageSize, long timestamp) {
    }

    private SnapshotWriter() {
    }

    /** @throws StoreException {@code ENODB} when the database has no data */
    public static Plan plan(Database database) {
        StoredFile last = database.last();
        if (last == null) {
            throw new StoreException(ErrorCode.ENODB, "database " + database.name() + " has no data");
        }
        return new Plan(database, last.pos(), last.commit(), last.header().pageSize(), last.header().timestamp());
    }

    public static void write(Plan plan, Format format, OutputStream out) throws IOException {
        if (format == Format.SQLITE) {
            plan.database().forEachPage(plan.pos(), plan.commit(), (pgno, data) -> out.write(data));
            out.flush();
            return;
        }
        writeLtx(plan, LtxHeader.FLAG_COMPRESS_LZ4, out);
    }

    /** Writes the plan's pages as one snapshot LTX file with the given flags. */
    public static void writeLtx(Plan plan, int flags, OutputStream out) throws IOException {
        LtxHeader header = LtxHeader.of(flags, plan.pageSize(), plan.commit(), TxId.of(1), plan.pos().txid(),
                plan.timestamp(), Checksum.ZERO);
        LtxEncoder encoder = new LtxEncoder(out, header);
        int lockPage = header.lockPage();
        plan.database().forEachPage(plan.pos(), plan.commit(), (pgno, data) -> {
            if (pgno != lockPage) {
                encoder.writePage(pgno, data);
            }
        });
        encoder.finish(plan.pos().postApplyChecksum());
    }
}
