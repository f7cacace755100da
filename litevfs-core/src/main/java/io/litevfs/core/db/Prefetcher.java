package io.litevfs.core.db;

import io.litevfs.protocol.Pages;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Chooses the pages to ask for with a missing one, so that one round trip brings what the next reads
 * will need, in this order:
 * <ol>
 *   <li>siblings: when the missing page is a child of an interior b-tree page seen before and the misses
 *       under that page move through it as a scan does (its first child, or the child just past what the
 *       last miss there brought) or keep coming to it (lookups dense enough to reach most of its
 *       children), the children that follow it there, in key order, in a window that doubles with each
 *       such miss. Once a miss goes on from where the last request under its page ended (a scan,
 *       recognised), the request takes every child left in that interior page, up to the store's
 *       per-request limit ({@link Pages#maxPagesPerRequest}) instead of the prefetch setting, and so does
 *       the first miss of the next interior page the scan enters: a scan costs about one request per
 *       interior page, as in the original LiteVFS, wherever its pages lie in the file. The first miss
 *       under a page gets no siblings: a lone lookup would waste them;</li>
 *   <li>read-ahead: after misses on consecutive page numbers, the pages that follow, in a window that
 *       doubles with each further consecutive miss;</li>
 *   <li>hints: the root pages named on page 1, so that the first query's tables and indexes come
 *       together.</li>
 * </ol>
 * Memory is bounded: the children of the 256 interior pages seen last, and 1024 hints.
 */
final class Prefetcher {

    private static final int MAX_PARENTS = 256;
    private static final int MAX_HINTS = 1024;

    private final Map<Integer, int[]> children = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > MAX_PARENTS;
        }
    };
    private final Map<Integer, Integer> parentOf = new HashMap<>();
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
            return size() > MAX_PARENTS;
        }
    };

    /** Remembers the pages {@code data} (page {@code pgno}) points to. */
    synchronized void observe(int pgno, byte[] data) {
        Deque<Integer> found = new ArrayDeque<>();
        BTreePages.pointers(pgno, data, found::addLast);
        if (found.isEmpty()) {
            return;
        }
        if (BTreePages.isInterior(pgno, data)) {
            int[] list = found.stream().mapToInt(Integer::intValue).toArray();
            children.put(pgno, list);
            if (parentOf.size() > MAX_PARENTS * 512) {
                forgetParentsOfForgottenPages();
            }
            for (int child : list) {
                parentOf.put(child, pgno);
            }
        } else {
            found.descendingIterator().forEachRemaining(hints::addFirst);
            while (hints.size() > MAX_HINTS) {
                hints.removeLast();
            }
        }
    }

    /**
     * The pages to request for a miss on {@code pgno}: {@code pgno} first, then up to {@code maxPrefetch}
     * others that are within {@code commit}, not the lock page and not {@code cached}.
     */
    synchronized long[] request(int pgno, int commit, int pageSize, int maxPrefetch, IntPredicate cached) {
        window = pgno == lastMiss + 1 ? Math.min(Math.max(1, window * 2), maxPrefetch) : 0;
        lastMiss = pgno;
        int lockPage = Pages.lockPage(pageSize);
        Set<Integer> chosen = new LinkedHashSet<>();
        chosen.add(pgno);
        Integer parent = parentOf.get(pgno);
        int[] siblings = parent == null ? null : children.get(parent);
        int index = siblings == null ? -1 : indexOf(siblings, pgno);
        if (parent != null && siblings != null && index >= 0) {
            int[] scan = scans.get(parent);
            boolean scanning = index == 0 || (scan != null && index > scan[0] && index <= scan[1] + 1);
            boolean scanGoesOn = (scan != null && index == scan[1] + 1) || (index == 0 && carriedWindow > 0);
            int grown = scan == null || index == 0 ? carriedWindow : scan[2] * 2;
            int siblingWindow = scanning || scan != null ? Math.min(Math.max(1, grown), maxPrefetch) : 0;
            int limit = maxPrefetch;
            if (scanGoesOn && maxPrefetch > 0) {
                limit = Pages.maxPagesPerRequest(pageSize) - 1;
                siblingWindow = limit;
            }
            carriedWindow = siblingWindow;
            int reach = index;
            for (int next = index + 1; next < siblings.length && next <= index + siblingWindow
                    && chosen.size() <= limit; next++) {
                consider(siblings[next], commit, lockPage, cached, chosen);
                reach = next;
            }
            scans.put(parent, new int[] {index, reach, siblingWindow});
            if (!scanGoesOn || siblingWindow == 0) {
                scanContinuation = 0;
            } else if (reach + 1 < siblings.length) {
                scanContinuation = siblings[reach + 1];
            } else {
                scanContinuation = firstChildOfNextSibling(parent);
            }
        } else {
            scanContinuation = 0;
        }
        for (int ahead = 1; ahead <= window && chosen.size() <= maxPrefetch; ahead++) {
            consider(pgno + ahead, commit, lockPage, cached, chosen);
        }
        var hint = hints.iterator();
        while (hint.hasNext() && chosen.size() <= maxPrefetch) {
            int candidate = hint.next();
            hint.remove();
            consider(candidate, commit, lockPage, cached, chosen);
        }
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

    /**
     * The first child of the interior page after {@code page} under their parent, when both are known:
     * where a scan that ends {@code page} goes on; otherwise 0.
     */
    private int firstChildOfNextSibling(int page) {
        Integer parent = parentOf.get(page);
        int[] siblings = parent == null ? null : children.get(parent);
        int index = siblings == null ? -1 : indexOf(siblings, page);
        if (siblings == null || index < 0 || index + 1 >= siblings.length) {
            return 0;
        }
        int[] next = children.get(siblings[index + 1]);
        return next == null || next.length == 0 ? 0 : next[0];
    }

    /**
     * Keeps the parent of the children of the interior pages still remembered only. Reads the children
     * through {@code values()}: {@code get} on an access-ordered map moves entries, which an iteration
     * over it does not survive.
     */
    private void forgetParentsOfForgottenPages() {
        Set<Integer> remembered = new java.util.HashSet<>();
        for (int[] list : children.values()) {
            for (int child : list) {
                remembered.add(child);
            }
        }
        parentOf.keySet().retainAll(remembered);
    }

    /** Forgets everything: the database changed under what was learnt. */
    synchronized void reset() {
        children.clear();
        parentOf.clear();
        hints.clear();
        lastMiss = -1;
        window = 0;
        scans.clear();
        carriedWindow = 0;
        scanContinuation = 0;
    }

    private static int indexOf(int[] siblings, int pgno) {
        for (int i = 0; i < siblings.length; i++) {
            if (siblings[i] == pgno) {
                return i;
            }
        }
        return -1;
    }

    private static void consider(int candidate, int commit, int lockPage, IntPredicate cached, Set<Integer> chosen) {
        if (candidate >= 1 && candidate <= commit && candidate != lockPage && !cached.test(candidate)) {
            chosen.add(candidate);
        }
    }
}
