package io.litevfs.core.db;

import java.util.Arrays;

/**
 * The parent of each page, for the pages whose parent was seen: an array indexed by page number, in
 * chunks of 65,536 pages made when a page of the chunk is first given a parent. Four bytes a page of the
 * ranges touched (1.4 MB for a full scan of a 1.4 GB database of 4 KiB pages), without the eviction a
 * map of bounded size would need: a scan of a large table learns the parents of hundreds of thousands
 * of leaves at once, and must not forget those it reads next.
 */
final class PageParents {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    private int[][] chunks = new int[0][];

    void put(int child, int parent) {
        if (child <= 0) {
            return;
        }
        int chunk = child >>> CHUNK_BITS;
        if (chunk >= chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk + 1);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new int[CHUNK_SIZE];
        }
        chunks[chunk][child & (CHUNK_SIZE - 1)] = parent;
    }

    /** The parent of {@code child}, or 0 when none was seen. */
    int get(int child) {
        int chunk = child >>> CHUNK_BITS;
        if (child <= 0 || chunk >= chunks.length || chunks[chunk] == null) {
            return 0;
        }
        return chunks[chunk][child & (CHUNK_SIZE - 1)];
    }

    void clear() {
        chunks = new int[0][];
    }
}
