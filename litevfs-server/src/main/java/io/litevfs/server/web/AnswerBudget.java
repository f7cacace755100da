package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What answers being sent may hold at once, so that clients that ask and never read cannot exhaust the
 * store's memory or threads: page bytes of {@code GET /db/page} answers across all clients, and
 * snapshot streams per cluster. A request past either bound is answered {@code 503 ETOOBUSY} at once,
 * which clients retry; each grant is given back when its answer ends, however it ends.
 */
final class AnswerBudget {

    /** A part of the budget held by one answer. */
    interface Grant {
        void release();
    }

    private final Semaphore pageKib;
    private final int maxPageKib;
    private final int snapshotsPerCluster;
    private final Map<String, Semaphore> snapshots = new ConcurrentHashMap<>();

    AnswerBudget(long pageAnswerMemoryBytes, int snapshotsPerCluster) {
        this.maxPageKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, pageAnswerMemoryBytes >> 10));
        this.pageKib = new Semaphore(maxPageKib);
        this.snapshotsPerCluster = snapshotsPerCluster;
    }

    Grant pages(long bytes) {
        int kib = (int) Math.min(maxPageKib, Math.max(1, (bytes + 1023) >> 10));
        if (!pageKib.tryAcquire(kib)) {
            throw new StoreException(ErrorCode.ETOOBUSY, "the store is sending as many page bytes as it allows "
                    + "(litevfs.server.limits.max-page-answer-memory); retry shortly");
        }
        return once(() -> pageKib.release(kib));
    }

    Grant snapshot(String cluster) {
        Semaphore slots = snapshots.computeIfAbsent(cluster, c -> new Semaphore(snapshotsPerCluster));
        if (!slots.tryAcquire()) {
            throw new StoreException(ErrorCode.ETOOBUSY, "cluster " + cluster + " is downloading " + snapshotsPerCluster
                    + " snapshots already, the most allowed (litevfs.server.limits.max-snapshots-per-cluster); "
                    + "retry when one is done");
        }
        return once(slots::release);
    }

    /** Page KiB free now; for tests. */
    int freePageKib() {
        return pageKib.availablePermits();
    }

    private static Grant once(Runnable release) {
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
    }
}
