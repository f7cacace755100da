package io.litevfs.protocol.ltx;

import java.io.IOException;

/**
 * An LTX file that cannot be read or written, with the {@link LtxError} that says why.
 */
public class LtxException extends IOException {

    private final LtxError error;

    public LtxException(LtxError error, String message) {
        super(message);
        this.error = error;
    }

    public LtxException(LtxError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public LtxError error() {
        return error;
    }
}
