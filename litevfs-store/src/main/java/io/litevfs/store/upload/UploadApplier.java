package io.litevfs.store.upload;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.OwnerOnly;
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
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.DiskFull;
import io.litevfs.store.local.StoreLayout;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;

/**
 * Accepts one uploaded LTX file into a database, as LiteFS Cloud's {@code POST /db/tx} does:
 * <ol>
 *   <li>the header must continue the current position ({@code EPOSMISMATCH} with the current one
 *       otherwise; a first upload must be a snapshot) with the stored page size ({@code EBADHEADER});</li>
 *   <li>the pages stream to a temporary file (uncompressed, the header's timestamp replaced by the time the
 *       store accepts it) while the database checksum is updated from
 *       the stored page checksums: XOR out each overwritten or truncated page, XOR in each new one;</li>
 *   <li>page 1, where it is a SQLite header, must declare the file's page size ({@code EBADHEADER});</li>
 *   <li>the file must verify completely, a growing database must receive every new page
 *       ({@code EMISSINGPAGES}), and the computed checksum must equal the trailer's ({@code EBADCHECKSUM});</li>
 *   <li>the storage makes the file durable history ({@link DurableHistory#commit}: the commit log or a
 *       forced file on disk, an object in a bucket, or with write-behind a forced file on disk bound for
 *       the bucket); only then does the new position become visible and the upload get acknowledged.</li>
 * </ol>
 * Any failure deletes the temporary file and changes nothing. The body is read from a copy received
 * whole beforehand (see {@link UploadCheck}), so the upload lock is never held while waiting on a client.
 */
public final class UploadApplier {

    private final Database database;
    private final Clock clock;

    public UploadApplier(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Pos apply(InputStream body, WriteGuard guard) throws IOException {
        return database.exclusively(() -> applyExclusively(body, guard));
    }

    private Pos applyExclusively(InputStream body, WriteGuard guard) throws IOException {
        Path temporary = StoreLayout.temporary(database.directory()).resolve(UUID.randomUUID() + ".ltx");
        try {
            LtxDecoder decoder = decoder(body);
            LtxHeader header = decoder.header();
            Database.Head current = database.head();
            if (!continues(header, current) || database.staleForWrites()) {
                database.catchUpTo(header.minTxId().previous());
                current = database.head();
            }
            checkContinues(header, current);
            OwnerOnly.createDirectories(StoreLayout.temporary(database.directory()));
            LtxHeader stamped = header.withFlags(0).withTimestamp(clock.millis());
            Received received = receive(decoder, stamped, current, temporary);
            boolean mayWriteBehind = guard.admit();
            StoredFile stored = new StoredFile(
                    database.durable().pathOf(database, new LtxFileName(header.minTxId(), header.maxTxId()), StoredFile.Kind.UPLOAD),
                    stamped, received.trailer().postApplyChecksum(), received.pgnos(), StoredFile.Kind.UPLOAD);
            commit(stored, temporary, header, mayWriteBehind);
            database.append(stored, received.pgnos(), received.checksums());
            return stored.pos();
        } catch (IOException e) {
            if (DiskFull.causes(e)) {
                throw new StoreException(ErrorCode.ENOSPACE, "the store's disk is full; the upload of " + database.name()
                        + " was not kept, retry when space is freed", null, e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the file durable history; an upload another replica beat to the position learns the new one. */
    private void commit(StoredFile stored, Path written, LtxHeader header, boolean mayWriteBehind) throws IOException {
        try {
            database.durable().commit(database, stored, written, mayWriteBehind);
        } catch (DurableHistory.CommitConflict lost) {
            database.catchUp();
            Pos now = database.pos();
            throw StoreException.positionMismatch(now, "upload of " + header.minTxId() + "-" + header.maxTxId()
                    + " lost to another writer that continued the same position; " + database.name() + " is at " + now);
        }
    }

    private record Received(LtxTrailer trailer, int[] pgnos, long[] checksums) {
    }

    private static LtxDecoder decoder(InputStream body) throws IOException {
        try {
            return new LtxDecoder(body);
        } catch (LtxException e) {
            throw invalid(e);
        }
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

    /** Receives the pages into {@code temporary}, re-encoded under {@code stored}, the header kept for them. */
    private Received receive(LtxDecoder decoder, LtxHeader stored, Database.Head current, Path temporary)
            throws IOException {
        ChecksumTracker tracker = new ChecksumTracker(stored, current.pos(), current.commit(), current.pageChecksums());
        LtxTrailer trailer;
        try (FileChannel channel = OwnerOnly.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            LtxEncoder encoder = new LtxEncoder(out, stored);
            byte[] page = new byte[stored.pageSize()];
            try {
                for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                    if (pgno == 1) {
                        checkDeclaredPageSize(page);
                    }
                    tracker.page(pgno, PageChecksum.of(pgno, page));
                    encoder.writePage(pgno, page);
                }
                trailer = decoder.finish();
            } catch (LtxException e) {
                throw invalid(e);
            }
            Checksum computed = tracker.finish();
            if (!computed.equals(trailer.postApplyChecksum())) {
                throw new StoreException(ErrorCode.EBADCHECKSUM, "the pages give database checksum %s but the file says %s"
                        .formatted(computed, trailer.postApplyChecksum()));
            }
            encoder.finish(trailer.postApplyChecksum());
        }
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

    static StoreException invalid(LtxException e) {
        ErrorCode code = switch (e.error()) {
            case BAD_FILE_CHECKSUM, BAD_POST_APPLY_CHECKSUM, BAD_PRE_APPLY_CHECKSUM -> ErrorCode.EBADCHECKSUM;
            default -> ErrorCode.EBADFORMAT;
        };
        return new StoreException(code, "invalid LTX file (" + e.error() + "): " + e.getMessage(), null, e);
    }
}
