package io.litevfs.core.cloud;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A failed call to the page store: either an answer with the store's error code (and, for
 * {@code EPOSMISMATCH}, its current position), or no usable answer at all (status 0: unreachable, timed
 * out, or the circuit breaker is open).
 */
public class CloudException extends RuntimeException {

    /** An answer that could not be read: not worth retrying. */
    public static final String BAD_RESPONSE = "EBADRESPONSE";
    /**
     * The connection closed before the store's whole answer arrived: what the store did is unknown (an
     * upload may have been applied), so this may pass and is settled by asking again.
     */
    public static final String CONNECTION_CUT = "ECONNECTIONCUT";
    /** No answer in time (one attempt, or a whole call with its retries). */
    public static final String TIMEOUT = ErrorCode.ETIMEOUT.name();
    /** The store could not be connected to. */
    public static final String UNREACHABLE = "EUNREACHABLE";
    /** Calls are suspended by the circuit breaker after repeated failures. */
    public static final String CIRCUIT_OPEN = "ECIRCUITOPEN";
    /** An upload got no answer however often it was sent: whether it landed is unknown. */
    public static final String OUTCOME_UNKNOWN = "EOUTCOMEUNKNOWN";

    private final int status;
    private final String code;
    private final @Nullable Pos pos;

    public CloudException(int status, String code, String message, @Nullable Pos pos, @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.pos = pos;
    }

    /** The HTTP status, or 0 when the store did not answer. */
    public int status() {
        return status;
    }

    /** The store's error code ({@code EPOSMISMATCH}, {@code ENOLEASE}, ...), or {@code EUNREACHABLE}. */
    public String code() {
        return code;
    }

    public @Nullable Pos pos() {
        return pos;
    }

    /** Whether trying again may help: no answer, or a server-side failure. */
    public boolean isTransient() {
        return (status == 0 && !BAD_RESPONSE.equals(code)) || status >= 500;
    }

    public boolean isPositionMismatch() {
        return ErrorCode.EPOSMISMATCH.name().equals(code);
    }

    /**
     * Whether the store refused an upload because the pages it changes do not add up to the checksum it
     * claims: the writer's view of the database differs from the store's.
     */
    public boolean isChecksumMismatch() {
        return ErrorCode.EBADCHECKSUM.name().equals(code);
    }
}
