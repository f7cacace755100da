package io.litevfs.store.restore;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.DatabaseReplacement;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.upload.UploadSource;
import io.litevfs.store.upload.WriteGuard;
import org.jspecify.annotations.Nullable;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Makes a whole SQLite image a database's content as its next transaction (LiteFS Cloud's
 * {@code POST /db/upload}): the image is checked (a SQLite header, whole pages), encoded as the
 * transaction that continues the database's position ({@link DatabaseReplacement}: every page, page 1's
 * counters moved past the replaced database's), then verified and stored like any upload, under the same
 * lease rules. History is not rewritten: the replaced content stays readable at its positions, and
 * nodes follow as they follow any commit.
 *
 * <p>The position is read and the transaction applied under the database's upload lock, so no other
 * upload of this store can slip in between; one through another replica makes the apply answer
 * {@code EPOSMISMATCH}, which the client retries.
 */
public final class DatabaseReplacer {

    private final PageStore store;
    private final Clock clock;

    public DatabaseReplacer(PageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Replaces the database's content with {@code image}, {@code size} bytes; returns the position reached. */
    public Pos replace(String cluster, String name, UploadSource image, long size, WriteGuard guard) throws IOException {
        byte[] header;
        try (InputStream in = image.open()) {
            header = in.readNBytes(DatabaseReplacement.HEADER_SIZE);
        }
        int pageSize;
        try {
            pageSize = DatabaseReplacement.pageSizeOf(header, size, "the uploaded file");
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCode.EBADINPUT, String.valueOf(e.getMessage()));
        }
        return replace(cluster, name, image, pageSize, (int) (size / pageSize), guard);
    }

    /**
     * Replaces the database's content with {@code commit} pages of {@code pageSize} bytes read from
     * {@code image}, unchecked: content this store served itself (a restore).
     */
    Pos replace(String cluster, String name, UploadSource image, int pageSize, int commit, WriteGuard guard)
            throws IOException {
        Database existing = store.loaded(cluster, name);
        if (existing == null) {
            return encodeAndApply(cluster, name, image, pageSize, commit, Pos.ZERO, null, guard);
        }
        return existing.exclusively(() -> {
            existing.catchUp();
            Pos current = existing.pos();
            byte[] firstPage = current.isZero() ? null : existing.readPages(current, new long[] {1}).getFirst().data();
            return encodeAndApply(cluster, name, image, pageSize, commit, current, firstPage, guard);
        });
    }

    private Pos encodeAndApply(String cluster, String name, UploadSource image, int pageSize, int commit, Pos current,
                               byte @Nullable [] firstPage, WriteGuard guard) throws IOException {
        Path ltx = store.incomingFile();
        try {
            try (InputStream in = image.open();
                 OutputStream out = new BufferedOutputStream(OwnerOnly.newOutputStream(ltx), 1 << 16)) {
                DatabaseReplacement.encode(in, pageSize, commit, current, firstPage, out, clock.millis());
            }
            return store.upload(cluster, name, () -> Files.newInputStream(ltx), guard);
        } finally {
            Files.deleteIfExists(ltx);
        }
    }
}
