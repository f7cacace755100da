package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write lease of each database for the write transactions of this application: taken when the
 * first one begins, kept while any is running (nested {@code REQUIRES_NEW} transactions included),
 * and released when the last ends, at once or after {@code linger} so that a steady stream of writes
 * pays for one acquire (the lease is refreshed in the background meanwhile).
 */
public class TransactionalLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalLeases.class);

    private final LiteVfs liteVfs;
    private final Duration linger;
    private final Duration acquireTimeout;
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "litevfs-lease-linger");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> pendingReleases = new HashMap<>();

    public TransactionalLeases(LiteVfs liteVfs, Duration linger, Duration acquireTimeout) {
        this.liteVfs = liteVfs;
        this.linger = linger;
        this.acquireTimeout = acquireTimeout;
    }

    /** A write transaction on {@code database} begins: holds the lease until {@link #end}. */
    public void begin(String database) {
        synchronized (this) {
            running.merge(database, 1, Integer::sum);
            ScheduledFuture<?> pending = pendingReleases.remove(database);
            if (pending != null) {
                pending.cancel(false);
            }
        }
        try {
            liteVfs.acquireLease(database, acquireTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(database);
            throw new CannotAcquireLockException("interrupted while waiting for the write lease of " + database, e);
        } catch (RuntimeException e) {
            end(database);
            throw new CannotAcquireLockException("cannot take the write lease of " + database + ": " + e.getMessage(), e);
        }
    }

    /** A write transaction on {@code database} ended (committed or rolled back). */
    public synchronized void end(String database) {
        int left = running.merge(database, -1, Integer::sum);
        if (left > 0) {
            return;
        }
        running.remove(database);
        if (linger.isZero() || linger.isNegative()) {
            release(database);
        } else {
            pendingReleases.put(database, releases.schedule(() -> releaseIfIdle(database), linger.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private synchronized void releaseIfIdle(String database) {
        if (!running.containsKey(database)) {
            pendingReleases.remove(database);
            release(database);
        }
    }

    private void release(String database) {
        try {
            liteVfs.releaseLease(database);
        } catch (RuntimeException e) {
            log.warn("[lease] db={} release failed ({}); it ends by itself when it expires", database, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        releases.shutdownNow();
        pendingReleases.keySet().forEach(this::release);
        pendingReleases.clear();
    }
}
