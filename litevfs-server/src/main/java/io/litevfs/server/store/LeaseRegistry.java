package io.litevfs.server.store;

import io.litevfs.protocol.wire.ErrorCode;
import org.jspecify.annotations.Nullable;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write leases, one per database: at most one live lease at a time, identified by a random id, ending
 * at its expiry unless refreshed. Leases live in memory only: after a restart of the store every lease
 * is gone, holders' refreshes fail with {@code ENOLEASE} and they take a new one, which is safe because
 * a write is accepted only under the live lease and at the current position.
 *
 * <p>Rules (spec sections 2.4 and 2.5): acquire while another lease is live: {@code ELEASEEXISTS};
 * refresh or release of an unknown or expired lease: {@code ENOLEASE}; of a lease while another is
 * live: {@code ELEASEMISMATCH}; a write naming a lease must name the live one; a write naming none is
 * refused while a lease is live ({@code ELEASEEXISTS}), so LiteFS-style writers cannot slip in.
 */
public final class LeaseRegistry {

    /** A lease as granted. */
    public record Lease(String id, Instant expiresAt) {
    }

    /**
     * One lease's life as the store saw it: granted at {@code grantedAt}, ended at {@code endedAt}
     * (released, or expired at its last expiry; null while live).
     */
    public record Grant(String cluster, String database, String id, Instant grantedAt, @Nullable Instant endedAt) {
    }

    private static final int HISTORY = 10_000;
    private final java.util.LinkedList<Grant> history = new java.util.LinkedList<>();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();


    public LeaseRegistry(Clock clock) {
        this.clock = clock;
    }

    public synchronized Lease acquire(String cluster, String database, Duration duration) {
        String key = key(cluster, database);
        if (live(key) != null) {
            throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database
                    + " is leased to another writer; retry when it is released or expires");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        Lease lease = new Lease(HexFormat.of().formatHex(id), clock.instant().plus(duration));
        leases.put(key, lease);
        history.addLast(new Grant(cluster, database, lease.id(), clock.instant(), null));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        return lease;
    }

    public synchronized Lease refresh(String cluster, String database, String id, Duration duration) {
        String key = key(cluster, database);
        requireHeld(key, database, id);
        Lease lease = new Lease(id, clock.instant().plus(duration));
        leases.put(key, lease);
        return lease;
    }

    public synchronized void release(String cluster, String database, String id) {
        String key = key(cluster, database);
        requireHeld(key, database, id);
        leases.remove(key);
        ended(id, clock.instant());
    }

    /** The last grants (up to 10,000), oldest first, for checking that leases never overlapped. */
    public synchronized java.util.List<Grant> history() {
        return java.util.List.copyOf(history);
    }

    private void ended(String id, Instant at) {
        var grants = history.listIterator(history.size());
        while (grants.hasPrevious()) {
            Grant grant = grants.previous();
            if (grant.id().equals(id)) {
                if (grant.endedAt() == null) {
                    grants.set(new Grant(grant.cluster(), grant.database(), id, grant.grantedAt(), at));
                }
                return;
            }
        }
    }

    /** The lease check of a write; {@code id} is the lease the write is made under, if any. */
    public synchronized void checkWrite(String cluster, String database, @Nullable String id) {
        String key = key(cluster, database);
        if (id == null) {
            if (live(key) != null) {
                throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database
                        + " is leased to a writer; writes without that lease are refused");
            }
            return;
        }
        requireHeld(key, database, id);
    }

    /** The live lease of a database, if any. */
    public synchronized @Nullable Lease current(String cluster, String database) {
        return live(key(cluster, database));
    }

    private void requireHeld(String key, String database, String id) {
        Lease lease = live(key);
        if (lease == null) {
            throw new StoreException(ErrorCode.ENOLEASE, "lease " + id + " on " + database
                    + " does not exist or has expired; acquire a new one");
        }
        if (!lease.id().equals(id)) {
            throw new StoreException(ErrorCode.ELEASEMISMATCH, "lease " + id + " on " + database
                    + " is not the live lease; another writer holds it");
        }
    }

    private @Nullable Lease live(String key) {
        Lease lease = leases.get(key);
        if (lease != null && !lease.expiresAt().isAfter(clock.instant())) {
            leases.remove(key);
            ended(lease.id(), lease.expiresAt());
            return null;
        }
        return lease;
    }

    private static String key(String cluster, String database) {
        return cluster + '/' + database;
    }
}
