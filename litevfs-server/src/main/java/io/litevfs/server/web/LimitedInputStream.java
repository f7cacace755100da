package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may not exceed a size: reading past it fails with {@code ETOOLARGE}, whatever the
 * body declared (chunked bodies declare nothing).
 */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int read = super.read(bytes, offset, length);
        if (read > 0) {
            counted(read);
        }
        return read;
    }

    private void counted(long bytes) {
        count += bytes;
        if (count > limit) {
            throw tooLarge(limit);
        }
    }

    static StoreException tooLarge(long limit) {
        return new StoreException(ErrorCode.ETOOLARGE, "request body exceeds the limit of " + limit
                + " bytes (litevfs.server.max-upload-size)");
    }
}
