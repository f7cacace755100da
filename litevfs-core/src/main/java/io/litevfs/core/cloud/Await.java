package io.litevfs.core.cloud;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The one way the VFS's blocking code waits for the store: every wait has a bound, and none waits
 * forever. The client's timeout applies to each attempt; the bound here covers a whole call with its
 * retries and their back-off ({@link #call}), so it is reached only when something below misbehaves (a
 * lost signal, a stopped scheduler), and then the call fails as a timeout ({@code ETIMEOUT}, which may
 * pass) that names it.
 */
public final class Await {

    /** The slowest upload rate allowed for before a large upload counts as timed out: 4 MiB/s. */
    public static final long SLOWEST_UPLOAD_BYTES_PER_MS = (4L << 20) / 1000;
    /** A call's attempts and back-off fit in this many request timeouts (the first try and 2 retries, by default). */
    private static final int REQUEST_TIMEOUTS_PER_CALL = 4;
    /** The blocking wait's own bound, past the timeout operator's, should its scheduler not fire. */
    private static final Duration BACKSTOP = Duration.ofSeconds(1);

    private Await() {
    }

    /** How long one attempt at uploading {@code bytes} may take. */
    public static Duration uploadAttempt(Duration requestTimeout, long bytes) {
        return requestTimeout.plusMillis(bytes / SLOWEST_UPLOAD_BYTES_PER_MS);
    }

    /** How long a whole call whose attempts may each take {@code attempt} may take. */
    public static Duration call(Duration attempt) {
        return attempt.multipliedBy(REQUEST_TIMEOUTS_PER_CALL);
    }

    /**
     * Waits for {@code call}'s value (null when it completes empty) at most {@code limit}.
     *
     * @throws CloudException the call's own failure, or {@code ETIMEOUT} naming {@code what}
     */
    public static <T> @Nullable T result(Mono<T> call, Duration limit, String what) {
        try {
            return call.timeout(limit, Mono.error(() -> timedOut(what, limit, null))).block(limit.plus(BACKSTOP));
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("Timeout on blocking read")) {
                throw timedOut(what, limit, e);
            }
            throw e;
        }
    }

    private static CloudException timedOut(String what, Duration limit, @Nullable Throwable cause) {
        return new CloudException(0, CloudException.TIMEOUT, what + ": no outcome within " + limit.toMillis()
                + " ms, retries included", null, cause);
    }
}
