package io.litevfs.store.upload;

import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxException;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;

import java.io.IOException;
import java.io.InputStream;

/**
 * What an upload must be on its own, checked before any lock is taken or anything is created: a whole,
 * well-formed LTX file (its file checksum included) within the store's size limits. Its decompressed
 * pages are counted as they are decoded, so a small compressed file that would expand past
 * {@link StoreLimits#maxUploadPageBytes} is refused before a byte of it is written. What depends on
 * the database (continuity, the rolling checksum) is {@link UploadApplier}'s, under the upload lock.
 */
public final class UploadCheck {

    private UploadCheck() {
    }

    public static void verify(UploadSource source, StoreLimits limits) throws IOException {
        try (InputStream in = source.open()) {
            LtxDecoder decoder = new LtxDecoder(in);
            LtxHeader header = decoder.header();
            long databaseBytes = (long) header.commit() * header.pageSize();
            if (databaseBytes > limits.maxDatabaseBytes()) {
                throw new StoreException(ErrorCode.ETOOLARGE, "the upload makes the database " + databaseBytes
                        + " bytes large (" + header.commit() + " pages of " + header.pageSize() + "); the store takes "
                        + "databases of up to " + limits.maxDatabaseBytes() + " bytes (litevfs.server.limits.max-database-size)");
            }
            byte[] page = new byte[header.pageSize()];
            long pageBytes = 0;
            while (decoder.readPage(page) != 0) {
                pageBytes += page.length;
                if (pageBytes > limits.maxUploadPageBytes()) {
                    throw new StoreException(ErrorCode.ETOOLARGE, "the upload carries more than "
                            + limits.maxUploadPageBytes() + " bytes of pages once decompressed "
                            + "(litevfs.server.limits.max-upload-pages); nothing was kept");
                }
            }
            decoder.finish();
        } catch (LtxException e) {
            throw UploadApplier.invalid(e);
        }
    }
}
