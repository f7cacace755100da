package io.litevfs.store.history;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A request the store refuses, with the LiteFS Cloud error code to answer and, for position mismatches,
 * the store's current position.
 */
public class StoreException extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final @Nullable Pos pos;

    public StoreException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public StoreException(ErrorCode code, String message, @Nullable Pos pos, @Nullable Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reason = message;
        this.pos = pos;
    }

    /** The position mismatch answer: the request's position is not (or no longer) in the store's history. */
    public static StoreException positionMismatch(Pos current, String why) {
        return new StoreException(ErrorCode.EPOSMISMATCH, why, current, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** Why the request is refused, as the answer's {@code error} says it (the exception's message, never null). */
    public String reason() {
        return reason;
    }

    public @Nullable Pos pos() {
        return pos;
    }
}
