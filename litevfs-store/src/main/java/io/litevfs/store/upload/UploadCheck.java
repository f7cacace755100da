package io.litevfs.store.upload;

import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxException;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;

import java.io.IOException;
import java.io.InputStream;

/**
 * What an upload must be on its own, within the store's size limits: its header is checked before the
 * database is looked up or created ({@link #open}), its decompressed pages are counted as the one pass
 * that applies it decodes them ({@link #countPage}), so that a small compressed file that would expand
 * past {@link StoreLimits#maxUploadPageBytes} is refused once that many bytes were staged, and a file
 * that is not well-formed LTX, its file checksum included, is refused with the error code LiteFS Cloud
 * gave ({@link #invalid}). What depends on the database (continuity, the rolling checksum) is
 * {@link UploadApplier}'s, under the upload lock.
 */
public final class UploadCheck {

    private final StoreLimits limits;
    private long pageBytes;

    private UploadCheck(StoreLimits limits) {
        this.limits = limits;
    }

    /** An upload being decoded from {@code body}, its header read and checked. */
    public record Opened(LtxDecoder decoder, UploadCheck check) {
    }

    /** Reads and checks the upload's header; its pages are left to decode. */
    public static Opened open(InputStream body, StoreLimits limits) throws IOException {
        LtxDecoder decoder;
        try {
            decoder = new LtxDecoder(body);
        } catch (LtxException e) {
            throw invalid(e);
        }
        LtxHeader header = decoder.header();
        long databaseBytes = (long) header.commit() * header.pageSize();
        if (databaseBytes > limits.maxDatabaseBytes()) {
            throw new StoreException(ErrorCode.ETOOLARGE, "the upload makes the database " + databaseBytes
                    + " bytes large (" + header.commit() + " pages of " + header.pageSize() + "); the store takes "
                    + "databases of up to " + limits.maxDatabaseBytes() + " bytes (litevfs.server.limits.max-database-size)");
        }
        return new Opened(decoder, new UploadCheck(limits));
    }

    /** Counts one decoded page of {@code size} bytes against the upload's limit. */
    void countPage(int size) {
        pageBytes += size;
        if (pageBytes > limits.maxUploadPageBytes()) {
            throw new StoreException(ErrorCode.ETOOLARGE, "the upload carries more than "
                    + limits.maxUploadPageBytes() + " bytes of pages once decompressed "
                    + "(litevfs.server.limits.max-upload-pages); nothing was kept");
        }
    }

    /** The refusal of a file that is not well-formed LTX. */
    static StoreException invalid(LtxException e) {
        ErrorCode code = switch (e.error()) {
            case BAD_FILE_CHECKSUM, BAD_POST_APPLY_CHECKSUM, BAD_PRE_APPLY_CHECKSUM -> ErrorCode.EBADCHECKSUM;
            default -> ErrorCode.EBADFORMAT;
        };
        return new StoreException(code, "invalid LTX file (" + e.error() + "): " + e.getMessage(), null, e);
    }
}
