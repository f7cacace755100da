package io.litevfs.core.db;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.function.IntPredicate;

/**
 * Holds one database's page requests to at most the original LiteVFS's for the same reads, by
 * construction rather than by tuning: beside the pager runs a model of the original
 * ({@link OriginalPrefetch}), shown every read SQLite makes, and this class keeps one figure and one set
 * of pages since the cache was last empty:
 * <ul>
 *   <li>{@code ahead}: the model's requests less ours (misses, read-ahead, catch-ups);</li>
 *   <li>{@code owed}: pages the model's cache holds and ours does not (as far as is known here: pages
 *       leave it when a request of ours names them).</li>
 * </ul>
 * <b>Invariant</b>: {@code blocks(owed) <= ahead}, where {@code blocks(n)} is the requests it takes to
 * fetch {@code n} pages. It gives the guarantee: a miss of ours is either a miss of the model too (both
 * count one), or a page owed, which the invariant has room to fetch together with every other page
 * owed. It is kept at each of the only three moments the figures move:
 * <ol>
 *   <li>the model misses and we do not (our predictions were ahead): {@code ahead} grows by one and
 *       {@code owed} by the model's pages we lack; if the invariant would break, the pager sends the owed
 *       pages now, without waiting ({@link #observe}), which the model's request pays for;</li>
 *   <li>we miss ({@link #requiredWith}): the request takes the page, as many owed pages as the invariant
 *       needs (all of them while we are not ahead of the model; none while we are ahead by more than
 *       what is owed, which is how we stay frugal in bytes), then our own predictions;</li>
 *   <li>a speculative request (read-ahead, {@link #maySpeculate}) is sent only when the invariant holds
 *       with it.</li>
 * </ol>
 * So over any sequence of reads from an empty cache, ours never exceeds the original's, and a query
 * within the original's request budget is within ours. What it does not cover: pages our cache evicts
 * (a cache smaller than the working set), and a model request larger than a store answers at once
 * (more pages than {@link io.litevfs.protocol.Pages#maxPagesPerRequest}, which the original would have
 * failed on).
 *
 * <p>Thread-safe: every method holds this object's lock for moments.
 */
final class RequestBound {

    private final OriginalPrefetch original = new OriginalPrefetch();
    private long ahead;
    private final LinkedHashSet<Integer> owed = new LinkedHashSet<>();

    /**
     * A read of (part of) {@code pgno}, before it is answered, shown to the model.
     *
     * @param ourCacheHasIt whether our cache holds the page (or it is on its way)
     * @param needed        whether a page would be fetched now: in the database, not the lock page, and
     *                      neither cached nor on its way
     * @param perRequest    the most pages one request may name
     * @return pages to send now without waiting (a catch-up the invariant needs), usually none
     */
    synchronized int[] observe(int pgno, boolean ourCacheHasIt, IntPredicate needed, int perRequest) {
        int[] request = original.beforeRead(pgno);
        if (request != null) {
            ahead++;
            for (int page : request) {
                if (page != pgno && needed.test(page)) {
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
        long room = ahead - 1;
        int size = owed.size();
        int required = 0;
        while (required < size && blocks(size - required, perRequest) > room) {
            required = Math.min(size, required + perRequest - 1);
        }
        return take(required, perRequest - 1, pgno);
    }

    /** Whether a request not caused by a miss may be sent now. */
    synchronized boolean maySpeculate(int perRequest) {
        return blocks(owed.size(), perRequest) <= ahead - 1;
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
    }

    /** The cache was emptied: the figures start again. */
    synchronized void empty() {
        original.empty();
        owed.clear();
        ahead = 0;
    }

    /** A sync changed every page: the figures start again, the model keeping its candidates as the original does. */
    synchronized void allChanged() {
        original.allChanged();
        owed.clear();
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
