package io.litevfs.core.db;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Holds one database's page requests to those of the original LiteVFS for the same reads, by
 * construction rather than by tuning: beside the pager runs a model of the original
 * ({@link OriginalPrefetch}), shown every read SQLite makes, and this class keeps one figure and two
 * sets of pages since the cache was last empty:
 * <ul>
 *   <li>{@code ahead}: the model's requests less ours (misses, read-ahead, catch-ups);</li>
 *   <li>{@code owed}: pages the model's cache holds and ours does not (as far as is known here: pages
 *       leave it when a request of ours names them);</li>
 *   <li>{@code declined}: the model's large requests (more than {@link #affordable} pages we lack) that
 *       we chose not to match when matching them would have cost their bytes now.</li>
 * </ul>
 * <b>Invariant</b>: {@code blocks(owed) <= ahead}, where {@code blocks(n)} is the requests it takes to
 * fetch {@code n} pages. It gives the guarantee: a miss of ours is either a miss of the model too (both
 * count one), or a page owed, which the invariant has room to fetch together with every other page
 * owed, or a page declined (below). It is kept at each of the only three moments the figures move:
 * <ol>
 *   <li>the model misses and we do not (our predictions were ahead): {@code ahead} grows by one and
 *       {@code owed} by the model's pages we lack; if the invariant would break, the pager sends the owed
 *       pages now, without waiting ({@link #observe}), which the model's request pays for;</li>
 *   <li>we miss ({@link #requiredWith}): the request takes the page, as many owed pages as the invariant
 *       needs (all of them while we are not ahead of the model; none while we are ahead by more than
 *       what is owed, which is how we stay frugal in bytes), then our own predictions;</li>
 *   <li>a speculative request (a scan's read-ahead, {@link #maySpeculate}) is sent only when the
 *       invariant holds with it, or on credit of at most {@code ScanReadAhead.DEPTH} requests that the
 *       model will make when the scan reaches the batches: pipelining a scan needs them, and a scan pays
 *       them back unless it stops within its last three batches.</li>
 * </ol>
 * <b>The one exception, priced</b>: when the model asks for a whole level of a b-tree (the original
 * takes every child of the last interior page read, 400 pages of 4 KiB on a large table) and we are not
 * ahead enough to leave it owed, matching it would fetch all of it now, for every point lookup of a warm
 * node (1.6 MB each, where the lookup reads one page). A round trip is worth the bytes of a few dozen
 * pages, not of hundreds, so such a request is declined instead: nothing is fetched for it. Should a
 * later read come back to a page of it (an {@code IN} list, a join, the next lookup under the same
 * interior page), that miss is one request the original did not make, and it takes the whole declined
 * set with it, so each declined set costs at most one extra request, and only when it was needed after
 * all. Everything else stays exact: a node from an empty cache is one request ahead (page 1 comes with
 * the sync of its open), which pays for the first such return.
 *
 * <p>So over any sequence of reads, ours exceed the original's by at most the declined sets read again
 * and the batches of a scan that stopped before reaching them,
 * and a query within the original's request budget is within ours unless one is. What it does not
 * cover: pages our cache evicts (a cache smaller than the working set), and a model request larger than
 * a store answers at once (more pages than {@link io.litevfs.protocol.Pages#maxPagesPerRequest}, which
 * the original would have failed on).
 *
 * <p>Thread-safe: every method holds this object's lock for moments.
 */
final class RequestBound {

    /** Declined sets remembered; an older one read again costs an extra request each time, as before it. */
    static final int MAX_DECLINED = 64;
    private static final int AFFORDABLE_BYTES = 256 * 1024;

    private final OriginalPrefetch original = new OriginalPrefetch();
    private long ahead;
    private final LinkedHashSet<Integer> owed = new LinkedHashSet<>();
    private final Deque<int[]> declined = new ArrayDeque<>();

    /** The most pages of the model's request we match at once rather than decline: 256 KiB of them, 4 to 64. */
    static int affordable(int pageSize) {
        return Math.clamp(AFFORDABLE_BYTES / pageSize, 4, 64);
    }

    /**
     * A read of (part of) {@code pgno}, before it is answered, shown to the model.
     *
     * @param ourCacheHasIt whether our cache holds the page (or it is on its way)
     * @param needed        whether a page would be fetched now: in the database, not the lock page, and
     *                      neither cached nor on its way
     * @param perRequest    the most pages one request may name
     * @param affordable    the most pages of the model's request to match rather than decline
     *                      ({@link #affordable(int)}, or no limit where a scan is likely)
     * @return pages to send now without waiting (a catch-up the invariant needs), usually none
     */
    synchronized int[] observe(int pgno, boolean ourCacheHasIt, IntPredicate needed, int perRequest,
                               IntSupplier affordable) {
        int[] request = original.beforeRead(pgno);
        if (request != null) {
            ahead++;
            int[] lacking = Arrays.stream(request).filter(page -> page != pgno && needed.test(page)).toArray();
            long room = ourCacheHasIt ? ahead : ahead - 1;
            if (blocks(owed.size() + lacking.length, perRequest) > room && lacking.length > affordable.getAsInt()) {
                decline(lacking);
            } else {
                for (int page : lacking) {
                    owed.add(page);
                }
            }
        }
        if (!ourCacheHasIt || blocks(owed.size(), perRequest) <= ahead) {
            return new int[0];
        }
        owed.removeIf(page -> !needed.test(page));
        if (blocks(owed.size(), perRequest) <= ahead) {
            return new int[0];
        }
        return take(owed.size(), perRequest, 0);
    }

    /** The model's reaction to a whole-page read of {@code pgno} (its candidates); {@code data} is the page. */
    synchronized void read(int pgno, byte[] data) {
        original.afterRead(pgno, data, true);
    }

    /**
     * For a request about to be sent for a miss on {@code pgno}: the owed pages it must also name so that
     * the invariant holds once it is sent.
     */
    synchronized int[] requiredWith(int pgno, int perRequest) {
        owed.remove(pgno);
        int[] returnedTo = takeDeclined(pgno);
        long room = ahead - 1;
        int size = owed.size();
        int required = 0;
        while (required < size && blocks(size - required, perRequest) > room) {
            required = Math.min(size, required + perRequest - 1);
        }
        int[] owedPages = take(required, perRequest - 1, pgno);
        int[] both = Arrays.copyOf(returnedTo, returnedTo.length + owedPages.length);
        System.arraycopy(owedPages, 0, both, returnedTo.length, owedPages.length);
        return both;
    }

    private void decline(int[] pages) {
        declined.addFirst(pages);
        while (declined.size() > MAX_DECLINED) {
            declined.removeLast();
        }
    }

    /** The declined set holding {@code pgno}, taken out (a read came back to it), less {@code pgno}; or none. */
    private int[] takeDeclined(int pgno) {
        for (var sets = declined.iterator(); sets.hasNext(); ) {
            int[] set = sets.next();
            if (Arrays.stream(set).anyMatch(page -> page == pgno)) {
                sets.remove();
                return Arrays.stream(set).filter(page -> page != pgno).toArray();
            }
        }
        return new int[0];
    }

    /**
     * Whether a request not caused by a miss may be sent now, up to {@code credit} requests beyond the
     * invariant: a recognised scan's next batch is the request the model will make itself when the scan
     * reaches it (every child of the next interior page), so each batch sent ahead is paid back then; only
     * a scan that stops before reaching its last batches leaves them unpaid.
     */
    synchronized boolean maySpeculate(int perRequest, int credit) {
        return blocks(owed.size(), perRequest) <= ahead - 1 + credit;
    }

    /** A request naming {@code pgnos} was sent. */
    synchronized void sent(long[] pgnos) {
        ahead--;
        for (long pgno : pgnos) {
            owed.remove((int) pgno);
        }
    }

    /** Pages cached by other means (the whole database cached on request): neither side asks for them again. */
    synchronized void cached(int pgno) {
        original.cached(pgno);
        owed.remove(pgno);
    }

    /** A sync changed {@code pgnos}. */
    synchronized void changed(int[] pgnos) {
        original.changed(pgnos);
        for (int pgno : pgnos) {
            owed.remove(pgno);
        }
        declined.clear();
    }

    /** The cache was emptied: the figures start again. */
    synchronized void empty() {
        original.empty();
        owed.clear();
        declined.clear();
        ahead = 0;
    }

    /** A sync changed every page: the figures start again, the model keeping its candidates as the original does. */
    synchronized void allChanged() {
        original.allChanged();
        owed.clear();
        declined.clear();
        ahead = 0;
    }

    /** The requests the original LiteVFS would have made for the reads so far. */
    synchronized long originalRequests() {
        return original.requests();
    }

    /** The pages the original LiteVFS would have requested for the reads so far (a page asked twice counts twice). */
    synchronized long originalPagesRequested() {
        return original.pagesRequested();
    }

    private int[] take(int count, int most, int except) {
        int[] pages = new int[Math.min(count, most)];
        int at = 0;
        for (Iterator<Integer> page = owed.iterator(); page.hasNext() && at < pages.length; ) {
            int next = page.next();
            if (next != except) {
                pages[at++] = next;
            }
        }
        return at == pages.length ? pages : Arrays.copyOf(pages, at);
    }

    private static long blocks(int pages, int perRequest) {
        int each = Math.max(1, perRequest - 1);
        return (pages + each - 1) / each;
    }

    @Override
    public synchronized String toString() {
        return "RequestBound[ahead=" + ahead + ", original=" + original.requests() + ", owed=" + owed.size() + "]";
    }
}
