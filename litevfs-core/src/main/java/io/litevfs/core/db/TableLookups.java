package io.litevfs.core.db;

import io.litevfs.core.db.BTreePages.IndexEntries;
import io.litevfs.core.db.BTreePages.Interior;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rowids that the index leaves received lately point to, and which of them a query is looking up in
 * their table. A query that reads rows through an index (a range, an equality, the inner side of a join)
 * visits index entries in key order and looks each rowid up in the table: without this, every table leaf
 * costs a round trip. With it, a table miss on a page that may hold the rowid of an entry just past the
 * last lookup recognised continues a run of lookups, and the request takes the pages of the entries that
 * follow, in a window that grows fourfold with each such miss; the first miss of a run takes only the entries
 * that share its entry's key (those an equality lookup visits), so a lone lookup costs little more.
 *
 * <p>State: the entries of index leaves received lately, by leaf, at most {@link #MAX_ENTRIES} in all
 * (the oldest leaves are forgotten first); entries are in key order within a leaf, and leaves follow one
 * another as {@link KnownTrees#following} says. A run is the entry the last recognised miss was for
 * ({@code runLeaf}, {@code runIndex}) and how many entries after it its request covered ({@code
 * covered}); a miss for an entry from there to a window past what was covered continues it. A new run
 * starts at the first entry the miss may be for, looked for first in the index leaf the last miss was on
 * (where a query reading the index is), then in the leaves after it, then in the others, newest first.
 * Not thread-safe: the {@link Prefetcher} that owns it calls it under its own lock.
 */
final class TableLookups {

    static final int MAX_ENTRIES = 65_536;
    /** Entries taken by the first miss that continues a run. */
    static final int FIRST_WINDOW = 64;
    /**
     * How much the window grows with each miss that continues a run: a round trip costs as much as
     * dozens of pages on a network one region away, so the window gets to the store's limit in a few.
     */
    static final int GROWTH = 4;
    /** The most entries sharing a key that the first miss of a run takes. */
    static final int MAX_EQUAL_KEYS = 32;
    /** How many leaves after the one a query reads are looked in before the others, for a new run. */
    private static final int LEAVES_AHEAD = 4;

    private final KnownTrees trees;
    private final Map<Integer, IndexEntries> leaves = new LinkedHashMap<>();
    /** The entries index interior pages keep between their children, for the 256 such pages seen last. */
    private final Map<Integer, IndexEntries> dividers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, IndexEntries> eldest) {
            return size() > KnownTrees.MAX_INTERIORS;
        }
    };
    /** The first index leaf not received that a window reached, and the size of the leaf before it; or 0. */
    private int leafWanted;
    private int entriesBeforeLeafWanted;
    /** The index leaves the last window reached beyond the entries kept, to be asked for with it. */
    private int[] leavesWanted = new int[0];
    /** For each index (by root page), the root page of its table, as page 1 says. */
    private Map<Integer, Integer> tableOfIndex = Map.of();
    private int entriesKept;
    /** The page the last miss was on, and the index leaf the last miss was on (0: none yet). */
    private int lastMiss;
    private int queriedLeaf;
    private int runLeaf;
    private int runIndex;
    private int covered;
    private int window;

    TableLookups(KnownTrees trees) {
        this.trees = trees;
    }

    /** A miss on {@code pgno}, whatever its kind: if it turns out to be an index leaf, a query reads there. */
    void missed(int pgno) {
        lastMiss = pgno;
    }

    /** Keeps the entries index interior page {@code pgno} keeps between its children. */
    void observeDividers(int pgno, IndexEntries entries) {
        dividers.put(pgno, entries);
    }

    /** The tables of the indexes, by root page, as page 1 names them. */
    void schema(Map<Integer, Integer> tableOfIndex) {
        this.tableOfIndex = tableOfIndex;
    }

    /**
     * The index leaves that follow the entries the last {@link #lookupsFor} answered for, as many as its
     * window went past the last entry kept: the query will read them next, so they are worth asking for.
     */
    int[] leavesWanted() {
        return leavesWanted;
    }

    /** Keeps the entries of index leaf {@code pgno}. */
    void observe(int pgno, IndexEntries entries) {
        IndexEntries before = leaves.remove(pgno);
        if (before != null) {
            entriesKept -= before.rowids().length;
        }
        leaves.put(pgno, entries);
        entriesKept += entries.rowids().length;
        Iterator<Map.Entry<Integer, IndexEntries>> oldest = leaves.entrySet().iterator();
        while (entriesKept > MAX_ENTRIES && oldest.hasNext()) {
            entriesKept -= oldest.next().getValue().rowids().length;
            oldest.remove();
        }
        if (pgno == lastMiss) {
            queriedLeaf = pgno;
        }
    }

    /**
     * The rowids worth asking for with a miss on a table page that may hold the rowids in ({@code low},
     * {@code high}], first the one the miss is for, at most {@code maxEntries}; empty when no entry kept
     * points there.
     */
    long[] lookupsFor(long low, long high, int tableRoot, int maxEntries) {
        leavesWanted = new int[0];
        Cursor match = null;
        if (leaves.containsKey(runLeaf) && indexes(runLeaf, tableRoot)) {
            Cursor from = new Cursor(runLeaf, runIndex);
            match = from.firstIn(low, high, covered + 1 + Math.max(FIRST_WINDOW, window));
        }
        int count;
        if (match != null) {
            window = Math.min(maxEntries, Math.max(FIRST_WINDOW, window * GROWTH));
            count = window;
        } else {
            match = newRun(low, high, tableRoot);
            if (match == null) {
                return new long[0];
            }
            window = 0;
            count = match.equalKeys(MAX_EQUAL_KEYS);
        }
        runLeaf = match.leaf;
        runIndex = match.index;
        leafWanted = 0;
        long[] wanted = match.rowids(count);
        covered = wanted.length - 1;
        new Cursor(match).walk(2 * count);
        wantLeaves(count, maxEntries);
        return wanted;
    }

    void reset() {
        leaves.clear();
        dividers.clear();
        leafWanted = 0;
        leavesWanted = new int[0];
        entriesKept = 0;
        lastMiss = 0;
        queriedLeaf = 0;
        runLeaf = 0;
        runIndex = 0;
        covered = 0;
        window = 0;
    }

    /**
     * When the entries kept end within two windows of the run (a walk of them noted {@code leafWanted}),
     * notes the leaves from {@code leafWanted} on that hold about a window of {@code window} entries, up
     * to {@code maxLeaves}: so the entries of the next window are known when its miss comes.
     */
    private void wantLeaves(int window, int maxLeaves) {
        if (window <= 0 || leafWanted == 0) {
            return;
        }
        int perLeaf = Math.max(1, entriesBeforeLeafWanted);
        int count = Math.min(maxLeaves, (window + perLeaf - 1) / perLeaf);
        int[] wanted = new int[count];
        int found = 0;
        for (int leaf = leafWanted; leaf != 0 && found < count; leaf = trees.following(leaf)) {
            wanted[found++] = leaf;
        }
        leavesWanted = Arrays.copyOf(wanted, found);
    }

    /** Whether index leaf {@code leaf} may be of an index of the table rooted at {@code tableRoot}. */
    private boolean indexes(int leaf, int tableRoot) {
        Integer table = tableOfIndex.get(trees.root(leaf));
        return table == null || table == tableRoot;
    }

    private @Nullable Cursor newRun(long low, long high, int tableRoot) {
        List<Integer> order = new ArrayList<>();
        for (int leaf = queriedLeaf; leaf != 0 && order.size() <= LEAVES_AHEAD && leaves.containsKey(leaf)
                && !order.contains(leaf); leaf = trees.following(leaf)) {
            order.add(leaf);
        }
        List<Integer> others = new ArrayList<>(leaves.keySet());
        for (int i = others.size() - 1; i >= 0; i--) {
            if (!order.contains(others.get(i))) {
                order.add(others.get(i));
            }
        }
        for (int leaf : order) {
            if (!indexes(leaf, tableRoot)) {
                continue;
            }
            Cursor match = new Cursor(leaf, 0).firstIn(low, high, Objects.requireNonNull(leaves.get(leaf)).rowids().length);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    /**
     * A place among the entries kept, moving on in key order: through a leaf, to the entry its parent
     * keeps after it (when known), to the leaf that follows. At {@code index == } the leaf's size it is on
     * that entry of the parent, or past the last entry known ({@link #valid} false).
     */
    private final class Cursor {
        private int leaf;
        private int index;
        private IndexEntries entries;
        private boolean onDivider;
        private long dividerRowid;
        private int dividerHash;

        Cursor(int leaf, int index) {
            this.leaf = leaf;
            this.index = index;
            this.entries = Objects.requireNonNull(leaves.get(leaf), "a cursor is made on a leaf kept");
            settle();
        }

        private Cursor(Cursor other) {
            this(other.leaf, other.index);
        }

        boolean valid() {
            return onDivider || index < entries.rowids().length;
        }

        long rowid() {
            return onDivider ? dividerRowid : entries.rowids()[index];
        }

        int keyHash() {
            return onDivider ? dividerHash : entries.keyHashes()[index];
        }

        void advance() {
            if (onDivider) {
                onDivider = false;
                toFollowingLeaf();
            } else {
                index++;
                settle();
            }
        }

        /** Past the leaf's last entry: onto the entry its parent keeps after it, else the next leaf. */
        private void settle() {
            if (index < entries.rowids().length) {
                return;
            }
            int parent = trees.parentOf(leaf);
            Interior interior = parent == 0 ? null : trees.interior(parent);
            IndexEntries between = parent == 0 ? null : dividers.get(parent);
            int child = interior == null ? -1 : KnownTrees.indexOf(interior.children(), leaf);
            if (between != null && interior != null && child >= 0 && child < between.rowids().length
                    && between.rowids().length == interior.children().length - 1) {
                onDivider = true;
                dividerRowid = between.rowids()[child];
                dividerHash = between.keyHashes()[child];
            } else {
                toFollowingLeaf();
            }
        }

        private void toFollowingLeaf() {
            index = entries.rowids().length;
            int next = trees.following(leaf);
            IndexEntries nextEntries = next == 0 || next == leaf ? null : leaves.get(next);
            if (nextEntries != null) {
                leaf = next;
                index = 0;
                entries = nextEntries;
            } else if (next != 0 && next != leaf && leafWanted == 0) {
                leafWanted = next;
                entriesBeforeLeafWanted = entries.rowids().length;
            }
        }

        /** The first entry pointing into ({@code low}, {@code high}] among the next {@code steps}, or null. */
        @Nullable Cursor firstIn(long low, long high, int steps) {
            Cursor at = new Cursor(this);
            for (int step = 0; step < steps && at.valid(); step++, at.advance()) {
                if (at.rowid() > low && at.rowid() <= high) {
                    return at;
                }
            }
            return null;
        }

        /** Moves on by up to {@code steps} entries, noting the first leaf not kept if it gets there. */
        void walk(int steps) {
            for (int step = 0; step < steps && valid(); step++) {
                advance();
            }
        }

        /** How many entries from here share this one's key, up to {@code most}. */
        int equalKeys(int most) {
            Cursor at = new Cursor(this);
            int hash = keyHash();
            int count = 0;
            while (count < most && at.valid() && at.keyHash() == hash) {
                count++;
                at.advance();
            }
            return count;
        }

        /** The rowids of up to {@code count} entries from here. */
        long[] rowids(int count) {
            Cursor at = new Cursor(this);
            long[] rowids = new long[count];
            int found = 0;
            while (found < count && at.valid()) {
                rowids[found++] = at.rowid();
                at.advance();
            }
            return Arrays.copyOf(rowids, found);
        }
    }
}
