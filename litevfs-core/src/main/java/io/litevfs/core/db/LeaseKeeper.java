package io.litevfs.core.db;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.wire.LeaseResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write leases this instance holds, one per database, each refreshed in the background every third
 * of its duration. A refresh that fails (the store says the lease is gone, or it cannot be reached
 * before the lease would end) drops the lease: later writes fail with a clear error rather than risk a
 * write the store would refuse.
 *
 * <p>Default duration 5 s: a holder that dies blocks other writers for at most 5 s, and a refresh (every
 * 1.7 s) may be late or lost once on a slow network without the lease ending. The original LiteVFS used
 * 1 s, which a single slow round trip can end.
 */
public final class LeaseKeeper implements AutoCloseable {

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    /** A lease held, with the refresh that keeps it. */
    private record Held(String id, Instant expiresAt, Disposable refresher) {
    }

    private final CloudClient client;
    private final Duration duration;
    private final Duration requestTimeout;
    private final Clock clock = Clock.systemUTC();
    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 64, "litevfs-lease");
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public LeaseKeeper(CloudClient client, Duration duration, Duration requestTimeout) {
        if (duration.toMillis() < 100) {
            throw new IllegalArgumentException("lease duration must be at least 100 ms, got " + duration.toMillis() + " ms");
        }
        this.client = client;
        this.duration = duration;
        this.requestTimeout = requestTimeout;
    }

    public Duration duration() {
        return duration;
    }

    /**
     * Acquires the lease of {@code database}, or keeps the one held.
     *
     * @throws CloudException {@code ELEASEEXISTS} when another writer holds it
     */
    public synchronized String acquire(String database) {
        String current = heldId(database);
        if (current != null) {
            return current;
        }
        LeaseResponse lease = client.acquireLease(database, duration).block(requestTimeout.multipliedBy(4));
        Disposable refresher = Flux.interval(duration.dividedBy(3), duration.dividedBy(3), scheduler)
                .concatMap(tick -> client.refreshLease(database, lease.id(), duration))
                .subscribe(refreshed -> held.computeIfPresent(database, (name, h) -> h.id().equals(refreshed.id())
                                ? new Held(h.id(), refreshed.expiresAtInstant(), h.refresher()) : h),
                        failure -> lost(database, lease.id(), failure));
        held.put(database, new Held(lease.id(), lease.expiresAtInstant(), refresher));
        log.debug("[lease] db={} acquired {} until {}", database, lease.id(), lease.expiresAt());
        return lease.id();
    }

    /** Releases the lease of {@code database} if held; a lease the store already dropped is fine. */
    public synchronized void release(String database) {
        Held lease = held.remove(database);
        if (lease == null) {
            return;
        }
        lease.refresher().dispose();
        try {
            client.releaseLease(database, lease.id()).block(requestTimeout.multipliedBy(4));
        } catch (CloudException e) {
            if (!"ENOLEASE".equals(e.code())) {
                throw e;
            }
        }
        log.debug("[lease] db={} released {}", database, lease.id());
    }

    /** The id of the live lease held on {@code database}, or null. */
    public @Nullable String heldId(String database) {
        Held lease = held.get(database);
        if (lease == null) {
            return null;
        }
        if (!lease.expiresAt().isAfter(clock.instant())) {
            lost(database, lease.id(), new IllegalStateException("it expired at " + lease.expiresAt()));
            return null;
        }
        return lease.id();
    }

    public @Nullable Instant expiresAt(String database) {
        Held lease = held.get(database);
        return lease == null ? null : lease.expiresAt();
    }

    private void lost(String database, String id, Throwable cause) {
        Held lease = held.get(database);
        if (lease != null && lease.id().equals(id) && held.remove(database, lease)) {
            lease.refresher().dispose();
            log.warn("[lease] db={} lost lease {}: {}; writes need a new one", database, id, cause.getMessage());
        }
    }

    @Override
    public void close() {
        for (String database : held.keySet()) {
            try {
                release(database);
            } catch (RuntimeException e) {
                log.warn("[lease] db={} release at shutdown failed: {}", database, e.getMessage());
            }
        }
        scheduler.dispose();
    }
}
