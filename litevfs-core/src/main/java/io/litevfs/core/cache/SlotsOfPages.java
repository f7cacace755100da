package io.litevfs.core.cache;

/**
 * Which slot of the cache's files holds each page number: an open-addressing hash table (linear probing,
 * deletion by backward shift) whose size follows the number of pages cached, never the largest page number
 * seen. A table indexed by page number would let one page number (from a store's answer, or from a cache
 * index written by an older version) decide the heap a node needs: page 400,000,000 alone is 1.6 GB.
 *
 * <p>Page numbers are positive; 0 marks an empty entry. Not thread-safe: {@link PageCache} guards it.
 */
final class SlotsOfPages {

    private static final int SMALLEST = 16;

    private int[] pages = new int[SMALLEST];
    private int[] slots = new int[SMALLEST];
    private int size;

    /** The slot holding {@code pgno}, or -1 when none does (also for any page number not positive). */
    int slotOf(long pgno) {
        if (pgno <= 0 || pgno > Integer.MAX_VALUE) {
            return -1;
        }
        int mask = pages.length - 1;
        for (int i = indexOf((int) pgno, mask); pages[i] != 0; i = (i + 1) & mask) {
            if (pages[i] == pgno) {
                return slots[i];
            }
        }
        return -1;
    }

    /** Records that {@code slot} holds {@code pgno} (positive), replacing any slot recorded for it. */
    void put(int pgno, int slot) {
        if ((size + 1) * 2 > pages.length) {
            resize(pages.length * 2);
        }
        int mask = pages.length - 1;
        int i = indexOf(pgno, mask);
        while (pages[i] != 0 && pages[i] != pgno) {
            i = (i + 1) & mask;
        }
        if (pages[i] == 0) {
            size++;
        }
        pages[i] = pgno;
        slots[i] = slot;
    }

    /** Forgets where {@code pgno} is; nothing when it is not recorded. */
    void remove(int pgno) {
        int mask = pages.length - 1;
        int i = indexOf(pgno, mask);
        while (pages[i] != pgno) {
            if (pages[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        for (int next = (i + 1) & mask; pages[next] != 0; next = (next + 1) & mask) {
            int home = indexOf(pages[next], mask);
            boolean movable = i <= next ? home <= i || home > next : home <= i && home > next;
            if (movable) {
                pages[i] = pages[next];
                slots[i] = slots[next];
                i = next;
            }
        }
        pages[i] = 0;
        slots[i] = 0;
        if (pages.length > SMALLEST && size * 8 < pages.length) {
            resize(pages.length / 2);
        }
    }

    void clear() {
        pages = new int[SMALLEST];
        slots = new int[SMALLEST];
        size = 0;
    }

    private void resize(int capacity) {
        int[] oldPages = pages;
        int[] oldSlots = slots;
        pages = new int[capacity];
        slots = new int[capacity];
        size = 0;
        for (int i = 0; i < oldPages.length; i++) {
            if (oldPages[i] != 0) {
                put(oldPages[i], oldSlots[i]);
            }
        }
    }

    private static int indexOf(int pgno, int mask) {
        int h = pgno * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
