package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import org.springframework.dao.CannotAcquireLockException;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write leases of this application's write transactions: each transaction takes its own hold on
 * its database's lease ({@link LiteVfs#writeLease}) when it begins, so the lease is kept while any
 * transaction runs (nested {@code REQUIRES_NEW} ones and other users of the same LiteVFS instance
 * included). A hold ends when its transaction does, at once or after {@code linger}, so that a steady
 * stream of writes pays for one acquire (the lease is refreshed in the background meanwhile).
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
    private boolean closed;

    public TransactionalLeases(LiteVfs liteVfs, Duration linger, Duration acquireTimeout) {
        this.liteVfs = liteVfs;
        this.linger = linger;
        this.acquireTimeout = acquireTimeout;
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
        if (linger.isZero() || linger.isNegative()) {
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
        releases.shutdownNow();
        lingering.forEach(WriteLease::close);
        lingering.clear();
    }
}
