package io.litevfs.store.lease;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;

/**
 * Write leases, one per database: at most one live lease at a time, identified by a random id, ending
 * at its expiry unless refreshed. The records live in a {@link LeaseBook} (the store's memory, or the
 * bucket shared by every replica); every change is a conditional write of the version just read, so two
 * replicas can never both grant, refresh or take over one lease: the loser reads again and answers by
 * what it finds.
 *
 * <p>Rules (spec sections 2.4 and 2.5): acquire while another lease is live: {@code ELEASEEXISTS};
 * refresh or release of an unknown or expired lease: {@code ENOLEASE}; of a lease while another is
 * live: {@code ELEASEMISMATCH}; a write naming a lease must name the live one; a write naming none is
 * refused while a lease is live ({@code ELEASEEXISTS}), so LiteFS-style writers cannot slip in.
 *
 * <p>Clocks: an expiry is written by the replica that granted or refreshed the lease, from its clock,
 * and judged by others from theirs. The holder's own requests count the lease as ended at its expiry;
 * taking an expired lease over waits {@code takeoverMargin} longer, so replicas whose clocks differ by
 * less than that never see two live leases.
 *
 * <p>Write-behind ({@code writeBehind} not zero: a store on a bucket acknowledging writes once they are
 * on its own disk). A write under a lease may be acknowledged before it reaches the bucket when this
 * replica read the lease record less than half the limit ago, the lease has not expired by its clock,
 * and the record says so: the first such write marks it ({@code write-behind-ms}), one conditional
 * replace per lease. The replica puts every such write in the bucket within half the limit. A marked
 * lease holds its database longer: the next lease, and any write naming none, wait until its end plus
 * {@code takeoverMargin} plus the limit, so that whatever was acknowledged under it (until at most half
 * the limit after its end, as a release made through another replica is learnt) is in the bucket
 * first. A release made through the only replica that wrote behind (the record names it) puts its writes
 * in the bucket at once and clears the mark, so the next lease need not wait.
 */
public final class Leases {

    /** A lease as granted. */
    public record Lease(String id, Instant expiresAt) {
    }

    /**
     * One lease's life as this store saw it: granted at {@code grantedAt}, ended at {@code endedAt}
     * (released, or expired at its last expiry; null while live or not yet seen ended).
     */
    public record Grant(String cluster, String database, String id, Instant grantedAt, @Nullable Instant endedAt) {
    }

    private static final int HISTORY = 10_000;
    private static final int ATTEMPTS = 8;

    /** Whether this replica still has writes of a database to put in the bucket, flushing them first. */
    @FunctionalInterface
    public interface PendingWrites {

        /** Puts the database's acknowledged writes in the bucket now; true when none remain. */
        boolean flush(String cluster, String database);

        PendingWrites NONE = (cluster, database) -> true;
    }

    /** A lease this replica checked recently enough to let writes under it be acknowledged early. */
    private record Permit(String id, Instant expiresAt, long readAtNanos) {
    }

    private final Clock clock;
    private final LeaseBook book;
    private final Duration takeoverMargin;
    private final Duration writeBehind;
    private final PendingWrites pending;
    private final java.util.Map<String, Permit> permits = new java.util.concurrent.ConcurrentHashMap<>();
    /** This replica, as lease records name it when it wrote behind a lease. */
    private final String replica = java.util.UUID.randomUUID().toString();
    private final SecureRandom random = new SecureRandom();
    private final LinkedList<Grant> history = new LinkedList<>();

    /** Leases in this store's memory. */
    public Leases(Clock clock) {
        this(clock, new MemoryLeaseBook(), Duration.ZERO);
    }

    public Leases(Clock clock, LeaseBook book, Duration takeoverMargin) {
        this(clock, book, takeoverMargin, Duration.ZERO, PendingWrites.NONE);
    }

    /** A registry letting writes be acknowledged before they reach the bucket, each there within {@code writeBehind / 2}. */
    public Leases(Clock clock, LeaseBook book, Duration takeoverMargin, Duration writeBehind, PendingWrites pending) {
        this.clock = clock;
        this.book = book;
        this.takeoverMargin = takeoverMargin;
        this.writeBehind = writeBehind;
        this.pending = pending;
    }

    public Lease acquire(String cluster, String database, Duration duration) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LeaseBook.Versioned current = book.read(cluster, database);
            Instant now = clock.instant();
            if (current != null && !current.entry().expiresAt().plus(takeoverMargin).isBefore(now)
                    && !current.entry().released()) {
                throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database
                        + " is leased to another writer; retry when it is released or expires");
            }
            refuseWithinWriteBehind(current, now, database);
            byte[] id = new byte[16];
            random.nextBytes(id);
            LeaseBook.Entry granted = new LeaseBook.Entry(HexFormat.of().formatHex(id), now, now.plus(duration), false,
                    Duration.ZERO, "");
            boolean written = current == null ? book.create(cluster, database, granted)
                    : book.replace(cluster, database, granted, current.version());
            if (written) {
                if (current != null) {
                    ended(cluster, database, current.entry(), current.entry().expiresAt());
                }
                recordGrant(cluster, database, granted);
                return new Lease(granted.id(), granted.expiresAt());
            }
        }
        throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database
                + " is contended by other writers taking its lease; retry");
    }

    public Lease refresh(String cluster, String database, String id, Duration duration) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LeaseBook.Versioned current = requireHeld(cluster, database, id);
            LeaseBook.Entry refreshed = current.entry().withExpiry(clock.instant().plus(duration), false);
            if (book.replace(cluster, database, refreshed, current.version())) {
                return new Lease(id, refreshed.expiresAt());
            }
        }
        throw new StoreException(ErrorCode.ELEASEMISMATCH, "lease " + id + " on " + database
                + " kept changing while it was refreshed; another writer holds it");
    }

    public void release(String cluster, String database, String id) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LeaseBook.Versioned current = requireHeld(cluster, database, id);
            permits.remove(cluster + '/' + database);
            LeaseBook.Entry released = current.entry().withExpiry(clock.instant(), true);
            if (current.entry().writtenBehindBy().equals(replica) && pending.flush(cluster, database)) {
                released = released.withoutWriteBehind();
            }
            if (book.replace(cluster, database, released, current.version())) {
                ended(cluster, database, current.entry(), released.expiresAt());
                return;
            }
        }
        throw new StoreException(ErrorCode.ELEASEMISMATCH, "lease " + id + " on " + database
                + " kept changing while it was released; another writer holds it");
    }

    /**
     * The lease check of a write; {@code id} is the lease the write is made under, if any. Returns true
     * when the write may be acknowledged before it reaches the bucket (write-behind, see above).
     */
    public boolean checkWrite(String cluster, String database, @Nullable String id) {
        if (id == null) {
            LeaseBook.Versioned current = book.read(cluster, database);
            if (live(current) != null) {
                throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database
                        + " is leased to a writer; writes without that lease are refused");
            }
            refuseWithinWriteBehind(current, clock.instant(), database);
            return false;
        }
        if (writeBehind.isZero()) {
            requireHeld(cluster, database, id);
            return false;
        }
        return permitsWriteBehind(cluster, database, id);
    }

    private boolean permitsWriteBehind(String cluster, String database, String id) {
        String key = cluster + '/' + database;
        Permit permit = permits.get(key);
        long now = System.nanoTime();
        if (permit != null && permit.id().equals(id) && clock.instant().isBefore(permit.expiresAt())
                && now - permit.readAtNanos() < writeBehind.toNanos() / 2) {
            return true;
        }
        LeaseBook.Versioned current = requireHeld(cluster, database, id);
        LeaseBook.Entry marked = current.entry().withWriteBehind(writeBehind, replica);
        if (!marked.equals(current.entry()) && !book.replace(cluster, database, marked, current.version())) {
            permits.remove(key);
            return false;
        }
        permits.put(key, new Permit(id, current.entry().expiresAt(), now));
        return true;
    }

    /** Refuses a new lease, or a write naming none, while writes acknowledged under the last lease may be on their way. */
    private void refuseWithinWriteBehind(LeaseBook.@Nullable Versioned last, Instant now, String database) {
        if (last == null || last.entry().writeBehind().isZero()) {
            return;
        }
        Instant free = last.entry().expiresAt().plus(takeoverMargin).plus(last.entry().writeBehind());
        if (now.isBefore(free)) {
            throw new StoreException(ErrorCode.ELEASEEXISTS, "database " + database + " was written under a lease "
                    + "whose last writes may still be on their way to the bucket; retry in "
                    + Duration.between(now, free).toMillis() + " ms");
        }
    }

    /**
     * True when a lease check costs no request, so a write can be checked before its body is received as
     * well as before it becomes visible; on a bucket every check is a read, and a commit makes only the
     * last one.
     */
    public boolean checksAreLocal() {
        return book.local();
    }

    /** The live lease of a database, if any. */
    public @Nullable Lease current(String cluster, String database) {
        LeaseBook.Entry entry = live(book.read(cluster, database));
        return entry == null ? null : new Lease(entry.id(), entry.expiresAt());
    }

    /**
     * The last leases this store granted or saw end (up to 10,000), oldest first, for checking that leases
     * never overlapped; with several replicas, merge their histories by lease id.
     */
    public synchronized List<Grant> history() {
        return List.copyOf(history);
    }

    private LeaseBook.Versioned requireHeld(String cluster, String database, String id) {
        LeaseBook.Versioned current = book.read(cluster, database);
        if (current == null || live(current) == null) {
            if (current != null && current.entry().id().equals(id)) {
                ended(cluster, database, current.entry(), current.entry().expiresAt());
            }
            throw new StoreException(ErrorCode.ENOLEASE, "lease " + id + " on " + database
                    + " does not exist or has expired; acquire a new one");
        }
        if (!current.entry().id().equals(id)) {
            throw new StoreException(ErrorCode.ELEASEMISMATCH, "lease " + id + " on " + database
                    + " is not the live lease; another writer holds it");
        }
        return current;
    }

    /** The entry when it is a lease still running by this store's clock. */
    private LeaseBook.@Nullable Entry live(LeaseBook.@Nullable Versioned record) {
        if (record == null || record.entry().released() || !record.entry().expiresAt().isAfter(clock.instant())) {
            return null;
        }
        return record.entry();
    }

    private synchronized void recordGrant(String cluster, String database, LeaseBook.Entry granted) {
        history.addLast(new Grant(cluster, database, granted.id(), granted.grantedAt(), null));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /**
     * Records the end of a lease: on its grant when this store granted it, or as a grant of its own when
     * another replica did (the record in the book says when), so that the histories of all replicas
     * together tell every lease's life.
     */
    private synchronized void ended(String cluster, String database, LeaseBook.Entry lease, Instant at) {
        var grants = history.listIterator(history.size());
        while (grants.hasPrevious()) {
            Grant grant = grants.previous();
            if (grant.id().equals(lease.id())) {
                if (grant.endedAt() == null) {
                    grants.set(new Grant(grant.cluster(), grant.database(), grant.id(), grant.grantedAt(), at));
                }
                return;
            }
        }
        history.addLast(new Grant(cluster, database, lease.id(), lease.grantedAt(), at));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }
}
