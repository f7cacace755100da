package io.litevfs.core.db;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The batches of pages asked for ahead of a cold scan. A scan is a chain of requests that each depend on
 * the one before (the next leaves are known only once their parent arrived), so without this the store
 * and the client take turns: one encodes a batch while the other waits, then the other decodes and
 * caches it while the first waits. With up to {@link #DEPTH} batches on their way, both work at once.
 *
 * <p>A batch is the request the scan's next miss would make, sent without waiting; when the scan
 * reaches the first page of a batch sent ahead, more are sent to keep {@code DEPTH} ahead of it, and no
 * more than that, so a query that stops early (a {@code LIMIT}) leaves at most {@code DEPTH} batches
 * unused; each is sent only when {@code RequestBound} has slack for it, so even then the query made no
 * more requests than the original LiteVFS. A miss the batches did not foresee means the scan went
 * elsewhere: what was ahead is forgotten (batches still on their way land in the cache all the same). A
 * read of a page in flight waits for its batch rather than asking again; a batch that fails or arrives
 * after the database moved on leaves nothing behind, and the page is then fetched as any missing page is.
 */
final class ScanReadAhead {

    /** How many batches may be on their way ahead of a scan. */
    static final int DEPTH = 3;

    private final Map<Integer, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
    /** The first page of each batch sent ahead that the scan has not reached yet. */
    private final Set<Integer> unreached = ConcurrentHashMap.newKeySet();

    /** Whether {@code pgno} is in a batch on its way. */
    boolean isInFlight(int pgno) {
        return inFlight.containsKey(pgno);
    }

    /**
     * A read of {@code pgno}: whether it is the first page of a batch sent ahead, which means the scan got
     * there and more may be sent. Cheap when nothing is ahead, as for every read of a warm database.
     */
    boolean reached(int pgno) {
        return !unreached.isEmpty() && unreached.remove(pgno);
    }

    /** Whether another batch may be sent. */
    boolean hasRoom() {
        return unreached.size() < DEPTH;
    }

    /** The scan went where nothing was sent ahead: what is ahead no longer says where it goes. */
    void forgetAhead() {
        unreached.clear();
    }

    /** Records the batch {@code pgnos} (the scan reaches {@code pgnos[0]} first) arriving through {@code arrival}. */
    void sent(long[] pgnos, CompletableFuture<?> arrival) {
        carrying(pgnos, arrival);
        unreached.add((int) pgnos[0]);
    }

    /** Records pages {@code pgnos} on their way through {@code arrival}, sent for another reason than a scan. */
    void carrying(long[] pgnos, CompletableFuture<?> arrival) {
        for (long pgno : pgnos) {
            inFlight.put((int) pgno, arrival);
        }
        arrival.whenComplete((done, failure) -> {
            for (long pgno : pgnos) {
                inFlight.remove((int) pgno, arrival);
            }
        });
    }

    /**
     * Waits up to {@code timeout} for the batch carrying {@code pgno}, if one is on its way.
     *
     * @return whether a batch carrying it arrived (the cache may still have dropped the page)
     */
    boolean awaitArrival(int pgno, Duration timeout) {
        CompletableFuture<?> arrival = inFlight.get(pgno);
        if (arrival == null) {
            return false;
        }
        try {
            arrival.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
