package io.litevfs.core;

import java.time.Duration;

/**
 * Every default of a {@link LiteVfs}, in one place: {@link LiteVfs.Builder} starts from these, and so
 * do the Spring Boot starter's {@code litevfs.*} properties, so that a VFS built by hand and one
 * configured by properties behave the same until told otherwise. Tests compare both with these, value
 * by value.
 */
public final class Defaults {

    /** The VFS name, as in {@code ?vfs=}. */
    public static final String VFS_NAME = "litevfs";
    /** How often each open database asks the store what changed (the original LiteVFS's period). */
    public static final Duration SYNC_PERIOD = Duration.ofSeconds(1);
    /** Whether to follow the store's position events besides polling. */
    public static final boolean PUSH = true;
    /** Whether plain http may reach a store that is not on loopback (where anyone on the way can read and change pages). */
    public static final boolean ALLOW_INSECURE_HTTP = false;
    /** Pages asked for beside each missing one. */
    public static final int MAX_PREFETCH_PAGES = 32;
    /** Remote page requests one query may make before it fails with a clear error. */
    public static final int MAX_REQUESTS_PER_QUERY = 64;
    /** Pages cached per database; 0 for no limit. */
    public static final int MAX_CACHED_PAGES = 0;
    /** Free space the cache leaves on its disk: 256 MiB. */
    public static final long MIN_AVAILABLE_SPACE_BYTES = 256L << 20;
    /** Longest wait for one request to the store. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a write lease lasts without a refresh (see {@code LeaseKeeper} for why 5 s). */
    public static final Duration LEASE_DURATION = Duration.ofSeconds(5);
    /** Attempts after the first for failures that may pass. */
    public static final int RETRIES = 2;
    /** Wait before the first retry, doubling after each. */
    public static final Duration RETRY_BACKOFF = Duration.ofMillis(100);
    /** Percentage of failed calls that opens the circuit breaker. */
    public static final float FAILURE_RATE_THRESHOLD = 50;
    /** Calls the breaker sees before it may open. */
    public static final int MINIMUM_NUMBER_OF_CALLS = 10;
    /** How long an open breaker refuses calls before it lets a few through. */
    public static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);

    private Defaults() {
    }
}
