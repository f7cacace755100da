package io.litevfs.store.upload;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxException;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.LtxTrailer;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.ChecksumTracker;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.DurableHistory;
import io.litevfs.store.history.StagedFile;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.DiskFull;
import io.litevfs.store.local.StoreLayout;

import java.io.IOException;
import java.time.Clock;

/**
 * Accepts one uploaded LTX file into a database, as LiteFS Cloud's {@code POST /db/tx} does, in one pass
 * over the body:
 * <ol>
 *   <li>the header must continue the current position ({@code EPOSMISMATCH} with the current one
 *       otherwise; a first upload must be a snapshot) with the stored page size ({@code EBADHEADER});</li>
 *   <li>the pages are decoded, counted against the store's limit ({@link UploadCheck}) and staged
 *       ({@link StagedFile}: in memory while small, otherwise a temporary file), uncompressed, the header's
 *       timestamp replaced by the time the store accepts it, while the database checksum is updated from
 *       the stored page checksums: XOR out each overwritten or truncated page, XOR in each new one;</li>
 *   <li>page 1, where it is a SQLite header, must declare the file's page size ({@code EBADHEADER});</li>
 *   <li>the file must verify completely, a growing database must receive every new page
 *       ({@code EMISSINGPAGES}), and the computed checksum must equal the trailer's ({@code EBADCHECKSUM});</li>
 *   <li>the storage makes the staged file durable history ({@link DurableHistory#commit}: the commit log or a
 *       forced file on disk, an object in a bucket, or with write-behind a forced file on disk bound for
 *       the bucket); only then does the new position become visible and the upload get acknowledged.</li>
 * </ol>
 * So an upload is read once, and its stored form written once (besides a commit-log record). Any failure
 * deletes what was staged and changes nothing. The body is read from a copy received whole beforehand,
 * so the upload lock is never held while waiting on a client.
 */
public final class UploadApplier {

    /**
     * Uploads whose stored form takes up to this many bytes are staged in memory: the commit log then
     * takes them from there (its records hold up to about 8 MiB) and a bucket receives them from there.
     */
    static final int STAGED_IN_MEMORY_UP_TO = 4 << 20;

    private final Database database;
    private final Clock clock;

    public UploadApplier(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Applies the upload whose header {@link UploadCheck#open} read; returns the position reached. */
    public Pos apply(UploadCheck.Opened upload, WriteGuard guard) throws IOException {
        return database.exclusively(() -> applyExclusively(upload, guard));
    }

    private Pos applyExclusively(UploadCheck.Opened upload, WriteGuard guard) throws IOException {
        LtxHeader header = upload.decoder().header();
        try (StagedFile staged = StagedFile.keptInMemoryUpTo(STAGED_IN_MEMORY_UP_TO,
                StoreLayout.temporary(database.directory()))) {
            Database.Head current = database.head();
            if (!continues(header, current) || database.staleForWrites()) {
                database.catchUpTo(header.minTxId().previous());
                current = database.head();
            }
            checkContinues(header, current);
            LtxHeader stamped = header.withFlags(0).withTimestamp(clock.millis());
            Received received = receive(upload, stamped, current, staged);
            boolean mayWriteBehind = guard.admit();
            StoredFile stored = new StoredFile(
                    database.durable().pathOf(database, new LtxFileName(header.minTxId(), header.maxTxId()), StoredFile.Kind.UPLOAD),
                    stamped, received.trailer().postApplyChecksum(), received.pgnos(), StoredFile.Kind.UPLOAD);
            commit(stored, staged, header, mayWriteBehind);
            database.append(stored, received.pgnos(), received.checksums());
            return stored.pos();
        } catch (IOException e) {
            if (DiskFull.causes(e)) {
                throw new StoreException(ErrorCode.ENOSPACE, "the store's disk is full; the upload of " + database.name()
                        + " was not kept, retry when space is freed", null, e);
            }
            throw e;
        }
    }

    /** Makes the file durable history; an upload another replica beat to the position learns the new one. */
    private void commit(StoredFile stored, StagedFile staged, LtxHeader header, boolean mayWriteBehind)
            throws IOException {
        try {
            database.durable().commit(database, stored, staged, mayWriteBehind);
        } catch (DurableHistory.CommitConflict lost) {
            database.catchUp();
            Pos now = database.pos();
            throw StoreException.positionMismatch(now, "upload of " + header.minTxId() + "-" + header.maxTxId()
                    + " lost to another writer that continued the same position; " + database.name() + " is at " + now);
        }
    }

    private record Received(LtxTrailer trailer, int[] pgnos, long[] checksums) {
    }

    private static boolean continues(LtxHeader header, Database.Head current) {
        return new Pos(header.minTxId().previous(), header.preApplyChecksum()).equals(current.pos());
    }

    private void checkContinues(LtxHeader header, Database.Head current) {
        if (header.hasNoChecksum()) {
            throw new StoreException(ErrorCode.EBADCHECKSUM,
                    "uploads must carry checksums; this LTX file was written without them");
        }
        Pos expected = new Pos(header.minTxId().previous(), header.preApplyChecksum());
        if (!expected.equals(current.pos())) {
            throw StoreException.positionMismatch(current.pos(), "upload of " + header.minTxId() + "-"
                    + header.maxTxId() + " applies to position " + expected + " but " + database.name()
                    + " is at " + current.pos());
        }
        if (!current.pos().isZero() && current.pageSize() != header.pageSize()) {
            throw new StoreException(ErrorCode.EBADHEADER, "page size %d does not match the database's %d"
                    .formatted(header.pageSize(), current.pageSize()));
        }
    }

    /** Receives the pages into {@code staged}, re-encoded under {@code stored}, the header kept for them. */
    private Received receive(UploadCheck.Opened upload, LtxHeader stored, Database.Head current, StagedFile staged)
            throws IOException {
        ChecksumTracker tracker = new ChecksumTracker(stored, current.pos(), current.commit(), current.pageChecksums());
        LtxDecoder decoder = upload.decoder();
        LtxEncoder encoder = new LtxEncoder(staged.output(), stored);
        byte[] page = new byte[stored.pageSize()];
        LtxTrailer trailer;
        try {
            for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                upload.check().countPage(page.length);
                if (pgno == 1) {
                    checkDeclaredPageSize(page);
                }
                tracker.page(pgno, PageChecksum.of(pgno, page));
                encoder.writePage(pgno, page);
            }
            trailer = decoder.finish();
        } catch (LtxException e) {
            throw UploadCheck.invalid(e);
        }
        Checksum computed = tracker.finish();
        if (!computed.equals(trailer.postApplyChecksum())) {
            throw new StoreException(ErrorCode.EBADCHECKSUM, "the pages give database checksum %s but the file says %s"
                    .formatted(computed, trailer.postApplyChecksum()));
        }
        encoder.finish(trailer.postApplyChecksum());
        staged.finish();
        return new Received(trailer, tracker.pgnos(), tracker.checksums());
    }

    /**
     * Page 1, where it is a SQLite header, must declare the file's page size: a page-size change written
     * through pages of the old size (a {@code VACUUM} after {@code PRAGMA page_size}) would be stored and
     * served cut at the wrong boundaries.
     */
    private static void checkDeclaredPageSize(byte[] firstPage) {
        int declared = Pages.declaredPageSize(firstPage);
        if (declared != 0 && declared != firstPage.length) {
            throw new StoreException(ErrorCode.EBADHEADER, ("page 1 declares a page size of %d bytes but the file's "
                    + "pages are %d bytes; a database's page size cannot change through an upload").formatted(declared,
                    firstPage.length));
        }
    }
}
