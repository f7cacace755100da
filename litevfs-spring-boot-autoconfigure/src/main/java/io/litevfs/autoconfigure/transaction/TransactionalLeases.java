package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import org.springframework.dao.CannotAcquireLockException;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write leases of this application's write transactions: each transaction takes its own hold on
 * its database's lease ({@link LiteVfs#writeLease}) when it begins, so the lease is kept while any
 * transaction runs (nested {@code REQUIRES_NEW} ones and other users of the same LiteVFS instance
 * included). A hold ends when its transaction does, at once or after {@code linger}, so that a steady
 * stream of writes pays for one acquire (the lease is refreshed in the background meanwhile).
 *
 * <p>Lingering never makes another node wait: when the store says another writer was refused the lease
 * (a lease-wanted notice, with push sync), lingering holds of that database end at once, and for one
 * linger period after the notice holds end when their transaction does instead of lingering.
 */
public class TransactionalLeases implements AutoCloseable {

    private final LiteVfs liteVfs;
    private final Duration linger;
    private final Duration acquireTimeout;
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "litevfs-lease-linger");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<WriteLease> lingering = Collections.newSetFromMap(new IdentityHashMap<>());
    /** When another writer last wanted each database's lease (System.nanoTime). */
    private final Map<String, Long> wanted = new ConcurrentHashMap<>();
    private final AutoCloseable wantedNotices;
    private boolean closed;

    public TransactionalLeases(LiteVfs liteVfs, Duration linger, Duration acquireTimeout) {
        this.liteVfs = liteVfs;
        this.linger = linger;
        this.acquireTimeout = acquireTimeout;
        this.wantedNotices = liteVfs.onLeaseWanted(this::wanted);
    }

    /** A write transaction on {@code database} begins: returns its hold on the lease, for {@link #end}. */
    public WriteLease begin(String database) {
        try {
            return liteVfs.writeLease(database, acquireTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotAcquireLockException("interrupted while waiting for the write lease of " + database, e);
        } catch (RuntimeException e) {
            throw new CannotAcquireLockException("cannot take the write lease of " + database + ": " + e.getMessage(), e);
        }
    }

    /** The transaction of {@code lease} ended (committed or rolled back). */
    public void end(WriteLease lease) {
        if (linger.isZero() || linger.isNegative() || wantedRecently(lease.database())) {
            lease.close();
            return;
        }
        synchronized (this) {
            if (closed) {
                lease.close();
                return;
            }
            lingering.add(lease);
        }
        releases.schedule(() -> endLingering(lease), linger.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Another writer was refused the lease of {@code database}: lingering holds of it end now. */
    private void wanted(String database) {
        wanted.put(database, System.nanoTime());
        List<WriteLease> ending;
        synchronized (this) {
            ending = lingering.stream().filter(lease -> lease.database().equals(database)).toList();
            ending.forEach(lingering::remove);
        }
        ending.forEach(WriteLease::close);
    }

    private boolean wantedRecently(String database) {
        Long at = wanted.get(database);
        return at != null && System.nanoTime() - at < linger.toNanos();
    }

    private void endLingering(WriteLease lease) {
        synchronized (this) {
            if (!lingering.remove(lease)) {
                return;
            }
        }
        lease.close();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            wantedNotices.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        releases.shutdownNow();
        lingering.forEach(WriteLease::close);
        lingering.clear();
    }
}
