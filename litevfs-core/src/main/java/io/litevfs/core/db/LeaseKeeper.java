package io.litevfs.core.db;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.wire.LeaseResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The write leases this instance holds, one per database, each refreshed in the background every third
 * of its duration. A refresh that fails (the store says the lease is gone, or it cannot be reached
 * before the lease would end) drops the lease: later writes fail with a clear error rather than risk a
 * write the store would refuse.
 *
 * <p>Several users in one process may want the same lease at once (two threads in
 * {@code withWriteLease}, a transaction manager, the SQL pragma): each acquires with its own holder
 * object, and the lease goes back to the store when the last holder releases it, so that no user
 * releases it under another's write.
 *
 * <p>Default duration 5 s: a holder that dies blocks other writers for at most 5 s, and a refresh (every
 * 1.7 s) may be late or lost once on a slow network without the lease ending. The original LiteVFS used
 * 1 s, which a single slow round trip can end.
 *
 * <p>Refreshes block (each bounded by the time the lease has left) on virtual threads of a small
 * scheduler, so that one database's slow refresh delays no other's beyond the scheduler's
 * {@value #REFRESH_THREADS} at once.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(5);
    private static final Duration LONGEST_RETRY = Duration.ofMillis(200);
    private static final int REFRESH_THREADS = 8;
    /** A refresh is given at least this long, even when the lease is about to end. */
    private static final Duration SHORTEST_REFRESH_LIMIT = Duration.ofMillis(50);

    /**
     * What an {@link #acquire} got: the lease's id, and whether it was taken from the store just now
     * (rather than joined while held), in which case other writers may have moved the database on since
     * this node last wrote.
     */
    public record Hold(String leaseId, boolean newlyAcquired) {
    }

    /** A lease held, with the refresh that keeps it and who holds it (changed only under the keeper's lock). */
    private record Held(String id, Instant expiresAt, Future<?> refresher, Set<Object> holders) {
    }

    private final BlockingCloudClient client;
    private final Duration duration;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(REFRESH_THREADS,
            Thread.ofVirtual().name("litevfs-lease-", 0).factory());
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public LeaseKeeper(BlockingCloudClient client, Duration duration) {
        if (duration.toMillis() < 100) {
            throw new IllegalArgumentException("lease duration must be at least 100 ms, got " + duration.toMillis() + " ms");
        }
        this.client = client;
        this.duration = duration;
    }

    /**
     * Acquires the lease of {@code database} for {@code holder} as {@link #acquire(String, Object)} does,
     * waiting up to {@code wait} while another writer holds it: tries again after 5 ms, doubling to at
     * most 200 ms between tries.
     *
     * @throws CloudException {@code ELEASEEXISTS} when the lease stayed taken, or the store's refusal
     */
    public Hold acquire(String database, Object holder, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration backoff = FIRST_RETRY;
        while (true) {
            try {
                return acquire(database, holder);
            } catch (CloudException e) {
                if (!ErrorCode.ELEASEEXISTS.name().equals(e.code()) || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw e;
                }
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Acquires the lease of {@code database} for {@code holder}, or adds {@code holder} to the lease held.
     * Acquiring twice with the same holder is the same as once.
     *
     * @throws CloudException {@code ELEASEEXISTS} when another writer holds it
     */
    public synchronized Hold acquire(String database, Object holder) {
        Held current = live(database);
        if (current != null) {
            current.holders().add(holder);
            return new Hold(current.id(), false);
        }
        LeaseResponse lease = client.acquireLease(database, duration);
        long every = duration.dividedBy(3).toMillis();
        Future<?> refresher = scheduler.scheduleWithFixedDelay(() -> refresh(database, lease.id()), every, every,
                TimeUnit.MILLISECONDS);
        Set<Object> holders = Collections.newSetFromMap(new IdentityHashMap<>());
        holders.add(holder);
        held.put(database, new Held(lease.id(), lease.expiresAtInstant(), refresher, holders));
        log.debug("[lease] db={} acquired {} until {}", database, lease.id(), lease.expiresAt());
        return new Hold(lease.id(), true);
    }

    /** One refresh of the lease {@code id}; a failure drops it and stops its refreshes. */
    private void refresh(String database, String id) {
        Held lease = held.get(database);
        if (lease == null || !lease.id().equals(id)) {
            return;
        }
        Duration left = Duration.between(clock.instant(), lease.expiresAt());
        try {
            LeaseResponse refreshed = client.refreshLease(database, id, duration,
                    left.compareTo(SHORTEST_REFRESH_LIMIT) > 0 ? left : SHORTEST_REFRESH_LIMIT);
            held.computeIfPresent(database, (name, h) -> h.id().equals(refreshed.id())
                    ? new Held(h.id(), refreshed.expiresAtInstant(), h.refresher(), h.holders()) : h);
        } catch (RuntimeException e) {
            lost(database, id, e);
        }
    }

    /**
     * Ends {@code holder}'s hold on the lease of {@code database}; the last holder's release gives the
     * lease back to the store. A holder that holds nothing (never acquired, or the lease was lost) is fine,
     * and so is a lease the store already dropped.
     */
    public synchronized void release(String database, Object holder) {
        Held lease = held.get(database);
        if (lease == null || !lease.holders().remove(holder) || !lease.holders().isEmpty()) {
            return;
        }
        giveBack(database);
    }

    private synchronized void giveBack(String database) {
        Held lease = held.remove(database);
        if (lease == null) {
            return;
        }
        lease.refresher().cancel(false);
        try {
            client.releaseLease(database, lease.id());
        } catch (CloudException e) {
            if (!ErrorCode.ENOLEASE.name().equals(e.code())) {
                throw e;
            }
        }
        log.debug("[lease] db={} released {}", database, lease.id());
    }

    /** The id of the live lease held on {@code database}, or null. */
    public @Nullable String heldId(String database) {
        Held lease = live(database);
        return lease == null ? null : lease.id();
    }

    /**
     * The lease held on {@code database} if it has not expired (one that has is dropped), read once so
     * that a refresh failing meanwhile cannot take it away between a check and its use.
     */
    private @Nullable Held live(String database) {
        Held lease = held.get(database);
        if (lease == null) {
            return null;
        }
        if (!lease.expiresAt().isAfter(clock.instant())) {
            lost(database, lease.id(), new IllegalStateException("it expired at " + lease.expiresAt()));
            return null;
        }
        return lease;
    }

    public @Nullable Instant expiresAt(String database) {
        Held lease = held.get(database);
        return lease == null ? null : lease.expiresAt();
    }

    private void lost(String database, String id, Throwable cause) {
        Held lease = held.get(database);
        if (lease != null && lease.id().equals(id) && held.remove(database, lease)) {
            lease.refresher().cancel(false);
            log.warn("[lease] db={} lost lease {}: {}; writes need a new one", database, id, cause.getMessage());
        }
    }

    @Override
    public void close() {
        for (String database : held.keySet()) {
            try {
                giveBack(database);
            } catch (RuntimeException e) {
                log.warn("[lease] db={} release at shutdown failed: {}", database, e.getMessage());
            }
        }
        scheduler.shutdownNow();
    }
}
