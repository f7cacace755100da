package io.litevfs.core.db;

import org.jspecify.annotations.Nullable;

import java.util.BitSet;
import java.util.TreeSet;

/**
 * A model of the page requests the original LiteVFS (0.1.1, superfly/litevfs) makes for a sequence of
 * reads, written from its source ({@code database.rs} {@code read_at} and {@code prefetch_pages},
 * {@code sqlite.rs} {@code prefetch_candidates}, {@code pager.rs} {@code get_page_remote}):
 * <ul>
 *   <li>It keeps one set of candidates per database. After every read of a whole page, if that page is an
 *       interior b-tree page (type byte 2 or 5), the candidates become its children (the right-most
 *       pointer included); if it is page 1 holding a table leaf, the root pages its {@code sqlite_schema}
 *       rows name, parsed as the original parses them (see {@link #schemaRoots}). Either set leaves out
 *       the pages its cache holds at that moment. Any other page leaves the candidates as they are.</li>
 *   <li>A read of a page its cache lacks asks for that page alone, or, when the page is a candidate,
 *       for the page and every other candidate (cached by then or not), in one request, whatever
 *       their number.</li>
 *   <li>Every page received stays cached; a sync that changes pages drops them and makes the cached
 *       ones among them (at most {@code litevfs_max_prefetch_pages}) the candidates.</li>
 * </ul>
 * Its cache's eviction (past 32,500 pages, or on a full disk) is not modelled: the model's cache holds
 * at least what the original's does, so it never makes more requests than the original would.
 *
 * <p>Used two ways: beside the pager, as the bound our own requests are held to ({@link RequestBound}),
 * and in tests and benchmarks as the original's side of a comparison. Not thread-safe; callers serialise.
 */
final class OriginalPrefetch {

    /** The original's {@code DEFAULT_MAX_PREFETCH_PAGES}: changed pages that become candidates after a sync. */
    static final int MAX_PREFETCH_PAGES = 32;
    private static final int HEADER_SIZE = 100;

    private final BitSet cached = new BitSet();
    private TreeSet<Integer> candidates = new TreeSet<>();
    private long requests;
    private long pagesRequested;

    /**
     * A read of (part of) page {@code pgno}, before it is answered: the pages the original requests for
     * it (the page first), or null when its cache has the page. The pages requested count as cached.
     */
    int @Nullable [] beforeRead(int pgno) {
        if (cached.get(pgno)) {
            return null;
        }
        int[] request;
        if (candidates.contains(pgno)) {
            request = new int[candidates.size()];
            request[0] = pgno;
            int at = 1;
            for (int candidate : candidates) {
                if (candidate != pgno) {
                    request[at++] = candidate;
                }
            }
        } else {
            request = new int[] {pgno};
        }
        requests++;
        pagesRequested += request.length;
        for (int page : request) {
            cached.set(page);
        }
        return request;
    }

    /** A read of page {@code pgno} answered with {@code data}; {@code wholePage} when the read was of all of it. */
    void afterRead(int pgno, byte[] data, boolean wholePage) {
        if (!wholePage) {
            return;
        }
        TreeSet<Integer> found = candidatesOf(pgno, data);
        if (found != null) {
            found.removeIf(cached::get);
            candidates = found;
        }
    }

    /** Pages cached by other means (the whole database cached on request). */
    void cached(int pgno) {
        cached.set(pgno);
    }

    /** A sync changed {@code pgnos}: dropped from the cache; those that were cached become the candidates. */
    void changed(int[] pgnos) {
        TreeSet<Integer> dropped = new TreeSet<>();
        for (int pgno : pgnos) {
            if (cached.get(pgno) && dropped.size() < MAX_PREFETCH_PAGES) {
                dropped.add(pgno);
            }
            cached.clear(pgno);
        }
        candidates = dropped;
    }

    /** The cache was emptied (a cold start): nothing cached, no candidates. */
    void empty() {
        cached.clear();
        candidates = new TreeSet<>();
    }

    /** A sync changed every page: the cache is emptied, and the first pages it held become the candidates. */
    void allChanged() {
        TreeSet<Integer> dropped = new TreeSet<>();
        for (int pgno = cached.nextSetBit(0); pgno >= 0 && dropped.size() < MAX_PREFETCH_PAGES;
                pgno = cached.nextSetBit(pgno + 1)) {
            dropped.add(pgno);
        }
        cached.clear();
        candidates = dropped;
    }

    boolean isCached(int pgno) {
        return cached.get(pgno);
    }

    long requests() {
        return requests;
    }

    long pagesRequested() {
        return pagesRequested;
    }

    /** {@code prefetch_candidates}: the pages a whole-page read of {@code pgno} makes candidates, or null. */
    static @Nullable TreeSet<Integer> candidatesOf(int pgno, byte[] data) {
        int header = pgno == 1 ? HEADER_SIZE : 0;
        if (data.length < header + 12) {
            return null;
        }
        int type = data[header] & 0xFF;
        int cells = BTreePages.u16(data, header + 3);
        if (type == 0x0d && pgno == 1) {
            return schemaRoots(data, header + 8, cells);
        }
        if (type != 0x02 && type != 0x05) {
            return null;
        }
        TreeSet<Integer> children = new TreeSet<>();
        int pointers = header + 12;
        for (int i = 0; i < cells && pointers + 2 * i + 2 <= data.length; i++) {
            int cell = BTreePages.u16(data, pointers + 2 * i);
            if (cell + 4 <= data.length) {
                addPage(children, BTreePages.u32(data, cell));
            }
        }
        addPage(children, BTreePages.u32(data, header + 8));
        return children;
    }

    /**
     * {@code master_table}: for each cell of page 1 whose payload is not longer than the page less 35
     * bytes, the fourth column read as a varint. The column is a big-endian integer, not a varint, so
     * the original reads roots above 127 wrongly (300, stored as {@code 01 2c}, reads as 1; 200, stored
     * as {@code 00 c8}, as 0, which names no page); the model keeps that.
     */
    static TreeSet<Integer> schemaRoots(byte[] data, int pointers, int cells) {
        TreeSet<Integer> roots = new TreeSet<>();
        long[] varint = new long[1];
        for (int i = 0; i < cells && pointers + 2 * i + 2 <= data.length; i++) {
            int at = BTreePages.u16(data, pointers + 2 * i);
            if (at >= data.length || (at = BTreePages.varint(data, at, varint)) < 0 || varint[0] > data.length - 35) {
                continue;
            }
            int recordStart = BTreePages.varint(data, at, varint);
            at = recordStart < 0 ? -1 : BTreePages.varint(data, recordStart, varint);
            long headerSize = varint[0];
            long offset = 0;
            for (int column = 0; column < 3 && at >= 0; column++) {
                at = BTreePages.varint(data, at, varint);
                offset += BTreePages.contentSize(varint[0]);
            }
            long body = recordStart + headerSize + offset;
            if (at >= 0 && body < data.length && BTreePages.varint(data, (int) body, varint) >= 0 && varint[0] >= 1
                    && varint[0] <= Integer.MAX_VALUE) {
                roots.add((int) varint[0]);
            }
        }
        return roots;
    }

    private static void addPage(TreeSet<Integer> pages, int pgno) {
        if (pgno >= 1) {
            pages.add(pgno);
        }
    }
}
