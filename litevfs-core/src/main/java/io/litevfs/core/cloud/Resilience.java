package io.litevfs.core.cloud;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.litevfs.core.Defaults;

import java.time.Duration;

/**
 * How calls to the store survive failures that may pass (no answer, a cut connection, a 5xx): retried
 * with exponential back-off, and suspended by a circuit breaker once too many fail, so that a store in
 * trouble is spared a crowd of retries. The one place the retry and the breaker are built, by the
 * standalone client and the Spring Boot starter alike; refusals by the store (4xx) neither count nor are
 * retried.
 *
 * @param retries               attempts after the first
 * @param retryBackoff          wait before the first retry, doubling after each
 * @param failureRateThreshold  percentage of failed calls, in the breaker's window, that opens it
 * @param minimumNumberOfCalls  calls seen before the breaker may open
 * @param waitInOpenState       how long an open breaker refuses calls before it lets a few through
 */
public record Resilience(int retries, Duration retryBackoff, float failureRateThreshold, int minimumNumberOfCalls,
                         Duration waitInOpenState) {

    public static final Resilience DEFAULTS = new Resilience(Defaults.RETRIES, Defaults.RETRY_BACKOFF,
            Defaults.FAILURE_RATE_THRESHOLD, Defaults.MINIMUM_NUMBER_OF_CALLS, Defaults.WAIT_IN_OPEN_STATE);

    /** The breaker's window is at least this many calls (more when {@code minimumNumberOfCalls} is larger). */
    private static final int SLIDING_WINDOW = 20;
    private static final int CALLS_IN_HALF_OPEN_STATE = 2;
    private static final String NAME = "litevfs";

    public Resilience {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be at least 0, got " + retries);
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("retry backoff must be positive, got " + retryBackoff);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failure rate threshold must be above 0 and at most 100, got "
                    + failureRateThreshold);
        }
        if (minimumNumberOfCalls < 1) {
            throw new IllegalArgumentException("minimum number of calls must be at least 1, got " + minimumNumberOfCalls);
        }
        if (waitInOpenState.isNegative() || waitInOpenState.isZero()) {
            throw new IllegalArgumentException("wait in open state must be positive, got " + waitInOpenState);
        }
    }

    public Resilience withRetries(int retries) {
        return new Resilience(retries, retryBackoff, failureRateThreshold, minimumNumberOfCalls, waitInOpenState);
    }

    public Resilience withRetryBackoff(Duration retryBackoff) {
        return new Resilience(retries, retryBackoff, failureRateThreshold, minimumNumberOfCalls, waitInOpenState);
    }

    /** A new breaker named {@code litevfs} with these settings. */
    public CircuitBreaker circuitBreaker() {
        return CircuitBreaker.of(NAME, CircuitBreakerConfig.custom()
                .slidingWindowSize(Math.max(SLIDING_WINDOW, minimumNumberOfCalls))
                .minimumNumberOfCalls(minimumNumberOfCalls)
                .failureRateThreshold(failureRateThreshold)
                .waitDurationInOpenState(waitInOpenState)
                .permittedNumberOfCallsInHalfOpenState(CALLS_IN_HALF_OPEN_STATE)
                .recordException(Resilience::mayPass)
                .build());
    }

    /** A new retry named {@code litevfs} with these settings. */
    public Retry retry() {
        return Retry.of(NAME, RetryConfig.custom()
                .maxAttempts(retries + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(retryBackoff, 2.0))
                .retryOnException(Resilience::mayPass)
                .build());
    }

    /** Whether a failure may pass, so that trying again may help (and its count should open the breaker). */
    public static boolean mayPass(Throwable failure) {
        return failure instanceof CloudException cloud && cloud.isTransient();
    }
}
