package io.litevfs.store.restore;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.ReplacingTransaction;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.upload.WriteGuard;
import org.jspecify.annotations.Nullable;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Makes a whole SQLite image a database's content as its next transaction (LiteFS Cloud's
 * {@code POST /db/upload}): the image is checked (a SQLite header, whole pages), encoded as the
 * transaction that continues the database's position ({@link ReplacingTransaction}: every page, page 1's
 * counters moved past the replaced database's), then verified and stored like any upload, under the same
 * lease rules. History is not rewritten: the replaced content stays readable at its positions, and
 * nodes follow as they follow any commit. A restore gives the pages of an earlier position the same way,
 * one at a time ({@link ReplacingTransaction.Writer}), so no SQLite image is written for it.
 *
 * <p>The position is read and the transaction applied under the database's upload lock, so no other
 * upload of this store can slip in between; one through another replica makes the apply answer
 * {@code EPOSMISMATCH}, which the client retries.
 */
public final class DatabaseReplacer {

    /** Writes the replacing transaction's LTX file to {@code ltx} (see {@link ReplacingTransaction}). */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream ltx, Pos current, byte @Nullable [] currentFirstPage, long timestampMs)
                throws IOException;
    }

    private final PageStore store;
    private final Clock clock;

    public DatabaseReplacer(PageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Replaces the database's content with the image read from {@code image}, {@code size} bytes; returns the position reached. */
    public Pos replace(String cluster, String name, InputStream image, long size, WriteGuard guard) throws IOException {
        byte[] header = image.readNBytes(ReplacingTransaction.HEADER_SIZE);
        int pageSize;
        try {
            pageSize = ReplacingTransaction.pageSizeOf(header, size, "the uploaded file");
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCode.EBADINPUT, String.valueOf(e.getMessage()));
        }
        int commit = (int) (size / pageSize);
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(header), image);
        return replace(cluster, name, (ltx, current, firstPage, timestampMs) ->
                ReplacingTransaction.encode(whole, pageSize, commit, current, firstPage, ltx, timestampMs), guard);
    }

    /**
     * Replaces the database's content with what {@code content} writes, content this store served itself
     * (a restore's pages), unchecked. The position is read and the transaction written and applied under
     * the database's upload lock.
     */
    Pos replace(String cluster, String name, Content content, WriteGuard guard) throws IOException {
        Database existing = store.loaded(cluster, name);
        if (existing == null) {
            return writeAndApply(cluster, name, content, Pos.ZERO, null, guard);
        }
        return existing.exclusively(() -> {
            existing.catchUp();
            Pos current = existing.pos();
            byte[] firstPage = current.isZero() ? null : existing.readPages(current, new long[] {1}).getFirst().data();
            return writeAndApply(cluster, name, content, current, firstPage, guard);
        });
    }

    private Pos writeAndApply(String cluster, String name, Content content, Pos current, byte @Nullable [] firstPage,
                              WriteGuard guard) throws IOException {
        Path ltx = store.incomingFile();
        try {
            try (OutputStream out = new BufferedOutputStream(OwnerOnly.newOutputStream(ltx), 1 << 16)) {
                content.writeTo(out, current, firstPage, clock.millis());
            }
            try (InputStream in = Files.newInputStream(ltx)) {
                return store.upload(cluster, name, in, guard);
            }
        } finally {
            Files.deleteIfExists(ltx);
        }
    }
}
