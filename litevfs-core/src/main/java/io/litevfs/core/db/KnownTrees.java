package io.litevfs.core.db;

import io.litevfs.core.db.BTreePages.Interior;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * What the prefetcher learnt of the database's b-trees from the interior pages it received: each one's
 * children (and keys, on a table's) and, for every child, its parent. From that it tells where a rowid
 * lies in a table and which page a lookup of it would miss on first.
 *
 * <p>Invariants: at most {@link #MAX_INTERIORS} interior pages are remembered, the ones seen or used
 * last; the parent of every child of an interior page seen is kept ({@link PageParents}). A page forgotten (a
 * scan of a large table brings more interior pages at once than are remembered) or never learnt (it came
 * from the cache) is read again from the local cache when it is asked for, so forgetting costs a page
 * copy, never a round trip. Not thread-safe: the {@link Prefetcher} that owns it calls it under its own
 * lock.
 */
final class KnownTrees {

    static final int MAX_INTERIORS = 256;
    /** Deeper than any SQLite b-tree of a database the store accepts: a guard against cycles in bad pages. */
    private static final int MAX_DEPTH = 32;

    private final Map<Integer, Interior> interiors = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Interior> eldest) {
            return size() > MAX_INTERIORS;
        }
    };
    private final PageParents parentOf = new PageParents();
    /** An interior page's content from the local cache, or null when it is not cached or not interior. */
    private final IntFunction<byte @Nullable []> cachedPages;

    /**
     * @param cachedPages an interior page's content from the local cache, or null when it is not cached or
     *                    not an interior page
     */
    KnownTrees(IntFunction<byte @Nullable []> cachedPages) {
        this.cachedPages = cachedPages;
    }

    void observe(int pgno, Interior interior) {
        interiors.put(pgno, interior);
        for (int child : interior.children()) {
            parentOf.put(child, pgno);
        }
    }

    /**
     * The interior page {@code pgno} as learnt, or read again from the local cache when it was forgotten
     * (or never learnt, having come from the cache): null when it is not an interior page, or not cached.
     */
    @Nullable Interior interior(int pgno) {
        Interior known = interiors.get(pgno);
        if (known != null || pgno <= 0) {
            return known;
        }
        byte[] data = cachedPages.apply(pgno);
        Interior read = data == null ? null : BTreePages.interior(pgno, data);
        if (read != null) {
            observe(pgno, read);
        }
        return read;
    }

    /** The interior page that points to {@code pgno}, or 0 when none is known. */
    int parentOf(int pgno) {
        return parentOf.get(pgno);
    }

    /**
     * The rowids page {@code pgno} of a table may hold, as far as the interior pages above it say:
     * {@code {low, high}}, exclusive below and inclusive above.
     */
    long[] rowidRange(int pgno) {
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        int child = pgno;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            int parent = parentOf(child);
            Interior interior = parent == 0 ? null : interior(parent);
            long[] keys = interior == null ? null : interior.keys();
            int index = interior == null ? -1 : indexOf(interior.children(), child);
            if (keys == null || index < 0) {
                break;
            }
            if (index > 0) {
                low = Math.max(low, keys[index - 1]);
            }
            if (index < keys.length) {
                high = Math.min(high, keys[index]);
            }
            child = parent;
        }
        return new long[] {low, high};
    }

    /**
     * The page that follows {@code pgno} on its level of its tree, in key order: its next sibling, or the
     * first child of the page that follows its parent; 0 when not known.
     */
    int following(int pgno) {
        return following(pgno, 0);
    }

    private int following(int pgno, int depth) {
        int parent = parentOf(pgno);
        Interior interior = parent == 0 || depth >= MAX_DEPTH ? null : interior(parent);
        int index = interior == null ? -1 : indexOf(interior.children(), pgno);
        if (interior == null || index < 0) {
            return 0;
        }
        if (index + 1 < interior.children().length) {
            return interior.children()[index + 1];
        }
        int next = following(parent, depth + 1);
        Interior nextInterior = next == 0 ? null : interior(next);
        return nextInterior == null || nextInterior.children().length == 0 ? 0 : nextInterior.children()[0];
    }

    /** The top of the tree {@code pgno} belongs to, as far as known. */
    int root(int pgno) {
        int page = pgno;
        for (int depth = 0; depth < MAX_DEPTH && parentOf(page) != 0; depth++) {
            page = parentOf(page);
        }
        return page;
    }

    /**
     * The first page a lookup of {@code rowid} from the table's {@code root} would miss on: going down
     * through the table's interior pages known here while {@code present} says they are there; 0 when the
     * lookup would miss on nothing, or the way down passes a page that is present but not known.
     */
    int firstMissOnTheWayTo(int root, long rowid, IntPredicate present) {
        int page = root;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (!present.test(page)) {
                return page;
            }
            Interior interior = interior(page);
            long[] keys = interior == null ? null : interior.keys();
            if (interior == null || keys == null) {
                return 0;
            }
            page = interior.children()[childFor(keys, rowid)];
        }
        return 0;
    }

    void reset() {
        interiors.clear();
        parentOf.clear();
    }

    /** The index of the child holding {@code rowid}: the first key at or above it, else the right-most. */
    private static int childFor(long[] keys, long rowid) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (keys[middle] < rowid) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    static int indexOf(int[] siblings, int pgno) {
        for (int i = 0; i < siblings.length; i++) {
            if (siblings[i] == pgno) {
                return i;
            }
        }
        return -1;
    }
}
