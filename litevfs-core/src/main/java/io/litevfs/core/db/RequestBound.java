package io.litevfs.core.db;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.function.IntPredicate;

/**
 * Holds one database's page requests to those of the original LiteVFS for the same reads, by
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
 * count one), or a page owed, which the invariant has room to fetch together with every other page owed.
 * So over any sequence of reads, ours never exceed the original's. It is kept at each of the only three
 * moments the figures move:
 * <ol>
 *   <li>the model misses and we do not (our predictions were ahead): {@code ahead} grows by one and
 *       {@code owed} by the model's pages we lack; if the invariant would break, the pager sends the owed
 *       pages now, without waiting ({@link #observe}), which the model's request pays for;</li>
 *   <li>we miss ({@link #requiredWith}): the request takes the page, as many owed pages as the invariant
 *       needs (all of them while we are not ahead of the model; none while we are ahead by more than what
 *       is owed, which is how we stay frugal in bytes; a few always, see {@link #smallDebt}), then our own
 *       predictions;</li>
 *   <li>a request no miss asked for (a scan's read-ahead, {@link #maySpeculate}) is sent only when the
 *       invariant holds with it: a scan earns its read-ahead with requests that each take the children of
 *       several interior pages, which the model asks for one interior page at a time.</li>
 * </ol>
 * <b>What it costs in bytes</b>: a page owed is fetched only when the slack runs out, and one request of
 * slack covers up to a request's worth of pages (1,023 at 4 KiB), so the levels of b-trees the original
 * fetches whole on a lookup (every child of the last interior page read, 400 pages of 4 KiB on a large
 * table) are owed, not fetched, as long as they fit: a node from an empty cache starts one request ahead
 * (page 1 comes with the sync of its open), and a cold lookup fetches the pages it reads. A long run of
 * lookups on a warm node, where the model is never behind, fetches the levels the original fetches, one
 * request later. Declining such levels instead (fetching one only when a read came back to it) costs a
 * request of slack per level, which owing them together does not, so it never pays.
 *
 * <p>What it does not cover: pages our cache evicts (a cache smaller than the working set), and a model
 * request larger than a store answers at once (more pages than
 * {@link io.litevfs.protocol.Pages#maxPagesPerRequest}, which the original would have failed on).
 *
 * <p>Thread-safe: every method holds this object's lock for moments.
 */
final class RequestBound {

    /**
     * Owed pages few enough to settle with any miss (the other roots of a schema, a short sibling run): even
     * one page owed holds a whole request of slack, which a scan needs for its read-ahead.
     */
    private static final int SMALL_DEBT_BYTES = 64 * 1024;

    private final OriginalPrefetch original = new OriginalPrefetch();
    private long ahead;
    private final LinkedHashSet<Integer> owed = new LinkedHashSet<>();

    /** The most owed pages a miss settles whatever the slack: 64 KiB of them, at least one. */
    static int smallDebt(int pageSize) {
        return Math.max(1, SMALL_DEBT_BYTES / pageSize);
    }

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
     * the invariant holds once it is sent, and every owed page when no more than {@code smallDebt} are.
     */
    synchronized int[] requiredWith(int pgno, int perRequest, int smallDebt) {
        owed.remove(pgno);
        long room = ahead - 1;
        int size = owed.size();
        int required = size <= smallDebt ? size : 0;
        while (required < size && blocks(size - required, perRequest) > room) {
            required = Math.min(size, required + perRequest - 1);
        }
        return take(required, perRequest - 1, pgno);
    }

    /**
     * Whether a request no miss asked for may be sent now: only when the invariant holds with it, so a
     * scan that stops before reaching it has cost no request the original would not have made.
     */
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
