package io.litevfs.core.db;

import io.litevfs.protocol.Pages;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Chooses the pages to ask for with a missing one, so that one round trip brings what the next reads
 * will need:
 * <ul>
 *   <li>hints: the children of interior b-tree pages and the root pages named on page 1, most recent
 *       first (a lookup descending a b-tree needs one of the children of the page it just read);</li>
 *   <li>read-ahead: after consecutive misses on consecutive pages (a scan), the pages that follow, in a
 *       window that doubles with each further consecutive miss up to the prefetch limit.</li>
 * </ul>
 */
final class Prefetcher {

    private static final int MAX_HINTS = 1024;

    private final Deque<Integer> hints = new ArrayDeque<>();
    private int lastMiss = -1;
    private int window;

    /** Remembers the pages {@code data} points to. */
    synchronized void observe(int pgno, byte[] data) {
        Deque<Integer> found = new ArrayDeque<>();
        BTreePages.pointers(pgno, data, found::addLast);
        while (!found.isEmpty()) {
            hints.addFirst(found.removeLast());
        }
        while (hints.size() > MAX_HINTS) {
            hints.removeLast();
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
        for (int ahead = 1; ahead <= window && chosen.size() <= maxPrefetch; ahead++) {
            consider(pgno + ahead, commit, lockPage, cached, chosen);
        }
        var hint = hints.iterator();
        while (hint.hasNext() && chosen.size() <= maxPrefetch) {
            int candidate = hint.next();
            if (candidate == pgno || cached.test(candidate)) {
                hint.remove();
            } else if (consider(candidate, commit, lockPage, cached, chosen)) {
                hint.remove();
            }
        }
        return chosen.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Forgets everything: the database changed under the hints. */
    synchronized void reset() {
        hints.clear();
        lastMiss = -1;
        window = 0;
    }

    private static boolean consider(int candidate, int commit, int lockPage, IntPredicate cached, Set<Integer> chosen) {
        if (candidate < 1 || candidate > commit || candidate == lockPage || cached.test(candidate)) {
            return false;
        }
        return chosen.add(candidate);
    }
}
