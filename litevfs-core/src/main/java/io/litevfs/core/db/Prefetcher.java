package io.litevfs.core.db;

import io.litevfs.core.db.BTreePages.IndexEntries;
import io.litevfs.core.db.BTreePages.Interior;
import io.litevfs.protocol.Pages;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Chooses the pages to ask for with a missing one, so that one round trip brings what the next reads
 * will need. These are predictions, and predictions can be wrong: what keeps a wrong one from costing
 * more round trips than the original LiteVFS is not here but in {@link RequestBound}, which the pager
 * asks first. The bound is a rule that holds by construction (our requests never outnumber those of a
 * model of the original, read for read); this class only decides how far ahead of it we get, and so
 * how few bytes the bound needs to add. The predictions, in this order:
 * <ol>
 *   <li>siblings: when the missing page is a child of an interior b-tree page seen before and the misses
 *       under that page move through it as a scan does (its first child, or the child just past what the
 *       last miss there brought) or keep coming to it (lookups dense enough to reach most of its
 *       children), the children that follow it there, in key order, in a window that doubles with each
 *       such miss. Once a miss goes on from where the last request under its page ended (a scan,
 *       recognised), the request takes every child left in that interior page, up to the store's
 *       per-request limit ({@link Pages#maxPagesPerRequest}) instead of the prefetch setting, then the
 *       children of the interior pages after it that are known, to {@link #SCAN_BATCH_BYTES}: a scan costs
 *       at most one request per interior page (the original LiteVFS's rate), and fewer, wherever its pages
 *       lie in the file; the requests it saves are what lets it read ahead within {@link RequestBound}. That
 *       request also takes the interior pages that follow its own on their level, which the scan will go
 *       through, and remembers where in the last of them it stopped, so that the scan's next request goes on
 *       from there. The first miss under a page gets {@link #FIRST_SIBLINGS} siblings only: a lone lookup
 *       would waste more;</li>
 *   <li>lookups through an index: when the missing page is in a table and may hold a rowid that an index
 *       leaf received lately points to, the pages that the lookups of the entries after it will miss on,
 *       found through the table's interior pages ({@link TableLookups}, {@link KnownTrees}), up to the
 *       store's per-request limit; these take the place of siblings, which such lookups would waste;</li>
 *   <li>read-ahead: after misses on consecutive page numbers, the pages that follow, in a window that
 *       doubles with each further consecutive miss;</li>
 *   <li>hints: the root pages named on page 1, so that the first query's tables and indexes come
 *       together.</li>
 * </ol>
 * Memory is bounded: the children of the 256 interior pages seen last, the parent of each page seen
 * ({@link PageParents}: 4 bytes a page of the ranges touched), the last 65,536 index entries received
 * (12 bytes each), and 1024 hints.
 */
final class Prefetcher {

    private static final int MAX_HINTS = 1024;
    /**
     * How far a scan's request goes on into the children of the interior pages after its own: to 4 MiB of
     * pages, within the store's per-request limit (1,024 pages at 4 KiB: two or three interior pages' worth;
     * ten at 1 KiB). A request covering the children of several interior pages saves requests the model of
     * the original makes one interior page at a time, and those savings are what pays for the scan's
     * read-ahead ({@link RequestBound#maySpeculate}): batches of one interior page each would earn nothing,
     * and the scan would wait for every batch (46 against 156 MiB/s on a cold scan at a 20 ms round trip).
     */
    static final int SCAN_BATCH_BYTES = 4 << 20;
    /**
     * Siblings taken by the first miss under an interior page: few enough that a lone lookup wastes
     * little, enough that a short scan from the middle (a {@code LIMIT}) needs no second request.
     */
    static final int FIRST_SIBLINGS = 2;

    private final KnownTrees trees;
    private final TableLookups lookups;
    private final Deque<Integer> hints = new ArrayDeque<>();
    private int lastMiss = -1;
    private int window;
    /** The sibling window of the last miss: a scan entering its next interior page goes on with it. */
    private int carriedWindow;
    /** The child a scan reaches next when the last request was a scan's and did not end its interior page; or 0. */
    private int scanContinuation;
    /**
     * How the misses under each of the 256 interior pages missed under last went: the index of the last
     * missed child, the last index its request covered, and its sibling window. A miss just past what
     * the last one covered continues a scan, even when misses elsewhere (lookups in a join) come between.
     */
    private final Map<Integer, int[]> scans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > KnownTrees.MAX_INTERIORS;
        }
    };

    /** A prefetcher that learns of the b-trees only from the pages it is shown. */
    Prefetcher() {
        this(pgno -> null);
    }

    /**
     * @param cachedPages an interior page's content from the local cache, or null when it is not cached or
     *                    not interior: interior pages forgotten, or read from the cache only, are learnt
     *                    again from it
     */
    Prefetcher(IntFunction<byte @Nullable []> cachedPages) {
        this.trees = new KnownTrees(cachedPages);
        this.lookups = new TableLookups(trees);
    }

    /** Remembers what {@code data} (page {@code pgno}) says of other pages. */
    synchronized void observe(int pgno, byte[] data) {
        Interior interior = BTreePages.interior(pgno, data);
        if (interior != null) {
            trees.observe(pgno, interior);
            IndexEntries dividers = interior.isTable() ? null : BTreePages.indexEntries(pgno, data);
            if (dividers != null) {
                lookups.observeDividers(pgno, dividers);
            }
            return;
        }
        IndexEntries entries = BTreePages.indexEntries(pgno, data);
        if (entries != null) {
            lookups.observe(pgno, entries);
            return;
        }
        if (pgno == 1) {
            BTreePages.Schema schema = BTreePages.schema(data);
            lookups.schema(schema.tablesOfIndexes());
            for (int i = schema.roots().length - 1; i >= 0; i--) {
                hints.addFirst(schema.roots()[i]);
            }
            while (hints.size() > MAX_HINTS) {
                hints.removeLast();
            }
        }
    }

    /**
     * The pages to request for a miss on {@code pgno}: {@code pgno} first, then up to {@code maxPrefetch}
     * others (more for a scan or lookups through an index, up to the store's limit per request) that are
     * within {@code commit}, not the lock page and not {@code cached}.
     */
    synchronized long[] request(int pgno, int commit, int pageSize, int maxPrefetch, IntPredicate cached) {
        window = pgno == lastMiss + 1 ? Math.min(Math.max(1, window * 2), maxPrefetch) : 0;
        lastMiss = pgno;
        lookups.missed(pgno);
        int lockPage = Pages.lockPage(pageSize);
        Set<Integer> chosen = new LinkedHashSet<>();
        chosen.add(pgno);
        int parent = trees.parentOf(pgno);
        Interior interior = parent == 0 ? null : trees.interior(parent);
        int index = interior == null ? -1 : KnownTrees.indexOf(interior.children(), pgno);
        scanContinuation = 0;
        if (interior != null && index >= 0) {
            int[] siblings = interior.children();
            int[] scan = scans.get(parent);
            boolean scanning = index == 0 || (scan != null && index > scan[0] && index <= scan[1] + 1);
            boolean scanGoesOn = (scan != null && index == scan[1] + 1) || (index == 0 && carriedWindow > 0);
            if (!scanGoesOn && maxPrefetch > 0 && interior.isTable()
                    && chooseLookups(pgno, parent, commit, pageSize, cached, chosen)) {
                scans.remove(parent);
                carriedWindow = 0;
                addHints(commit, lockPage, maxPrefetch, cached, chosen);
                return toArray(chosen);
            }
            int grown = scan == null || index == 0 ? carriedWindow : scan[2] * 2;
            int siblingWindow = scanning || scan != null ? Math.min(Math.max(1, grown), maxPrefetch) : 0;
            int limit = maxPrefetch;
            if (scanGoesOn && maxPrefetch > 0) {
                limit = Pages.maxPagesPerRequest(pageSize) - 1;
                siblingWindow = limit;
            }
            carriedWindow = siblingWindow;
            int taken = scanGoesOn ? siblingWindow : Math.max(siblingWindow, Math.min(FIRST_SIBLINGS, maxPrefetch));
            int reach = index;
            for (int next = index + 1; next < siblings.length && next <= index + taken
                    && chosen.size() <= limit; next++) {
                consider(siblings[next], commit, lockPage, cached, chosen);
                reach = next;
            }
            scans.put(parent, new int[] {index, reach, siblingWindow});
            if (scanGoesOn && siblingWindow > 0) {
                addFollowingInteriors(parent, commit, lockPage, limit, cached, chosen);
                int last = siblings[reach];
                int extended = Math.min(limit, SCAN_BATCH_BYTES / pageSize);
                for (int next = trees.following(last); next != 0 && chosen.size() <= extended; next = trees.following(next)) {
                    consider(next, commit, lockPage, cached, chosen);
                    last = next;
                }
                markReached(last, siblingWindow);
                scanContinuation = trees.following(last);
            }
        }
        for (int ahead = 1; ahead <= window && chosen.size() <= maxPrefetch; ahead++) {
            consider(pgno + ahead, commit, lockPage, cached, chosen);
        }
        addHints(commit, lockPage, maxPrefetch, cached, chosen);
        return toArray(chosen);
    }

    /**
     * Records that a scan's request reached {@code pgno} in its interior page, so that the miss just past it
     * goes on as the scan's next request rather than as the first miss under that page.
     */
    private void markReached(int pgno, int siblingWindow) {
        int parent = trees.parentOf(pgno);
        Interior interior = parent == 0 ? null : trees.interior(parent);
        int index = interior == null ? -1 : KnownTrees.indexOf(interior.children(), pgno);
        if (index >= 0) {
            scans.put(parent, new int[] {index, index, siblingWindow});
        }
    }

    /**
     * Adds the pages after {@code parent} on its level (the interior pages a recognised scan goes through
     * next), so that the scan never stops to ask for one, and its read-ahead knows where it goes.
     */
    private void addFollowingInteriors(int parent, int commit, int lockPage, int limit, IntPredicate cached,
                                       Set<Integer> chosen) {
        int grandparent = trees.parentOf(parent);
        Interior above = grandparent == 0 ? null : trees.interior(grandparent);
        if (above == null) {
            return;
        }
        int[] level = above.children();
        int at = KnownTrees.indexOf(level, parent);
        for (int next = at + 1; at >= 0 && next < level.length && chosen.size() <= limit; next++) {
            consider(level[next], commit, lockPage, cached, chosen);
        }
    }

    /**
     * Adds the pages that the lookups following the one missing {@code pgno} (a page of the table under
     * {@code parent}) will miss on; false when the miss is not one of a run of lookups through an index.
     */
    private boolean chooseLookups(int pgno, int parent, int commit, int pageSize, IntPredicate cached,
                                  Set<Integer> chosen) {
        long[] range = trees.rowidRange(pgno);
        int limit = Pages.maxPagesPerRequest(pageSize) - 1;
        int root = trees.root(parent);
        long[] rowids = lookups.lookupsFor(range[0], range[1], root, limit);
        if (rowids.length == 0) {
            return false;
        }
        int lockPage = Pages.lockPage(pageSize);
        IntPredicate present = page -> cached.test(page) || chosen.contains(page);
        for (int i = 0; i < rowids.length && chosen.size() <= limit; i++) {
            consider(trees.firstMissOnTheWayTo(root, rowids[i], present), commit, lockPage, cached, chosen);
        }
        for (int leaf : lookups.leavesWanted()) {
            if (chosen.size() <= limit) {
                consider(leaf, commit, lockPage, cached, chosen);
            }
        }
        return true;
    }

    private void addHints(int commit, int lockPage, int maxPrefetch, IntPredicate cached, Set<Integer> chosen) {
        var hint = hints.iterator();
        while (hint.hasNext() && chosen.size() <= maxPrefetch) {
            int candidate = hint.next();
            hint.remove();
            consider(candidate, commit, lockPage, cached, chosen);
        }
    }

    private static long[] toArray(Set<Integer> chosen) {
        return chosen.stream().mapToLong(Integer::longValue).toArray();
    }

    /**
     * The page a scan will miss on next, so that it can be asked for before the scan gets there: the child
     * just past what the last request covered, when that request went on from where a scan's last one
     * ended (so not a lookup's, nor the first miss of what may be one) and its interior page has children
     * left; otherwise 0. Asking for it with {@link #request} moves the scan on
     * exactly as the miss would.
     */
    synchronized int scanContinuation() {
        return scanContinuation;
    }

    /** Forgets everything: the database changed under what was learnt. */
    synchronized void reset() {
        trees.reset();
        lookups.reset();
        hints.clear();
        lastMiss = -1;
        window = 0;
        scans.clear();
        carriedWindow = 0;
        scanContinuation = 0;
    }

    private static void consider(int candidate, int commit, int lockPage, IntPredicate cached, Set<Integer> chosen) {
        if (candidate >= 1 && candidate <= commit && candidate != lockPage && !cached.test(candidate)) {
            chosen.add(candidate);
        }
    }
}
