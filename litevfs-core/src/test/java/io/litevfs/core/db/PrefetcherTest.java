package io.litevfs.core.db;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefetcher's memory stays bounded on databases with more interior pages than it remembers. */
class PrefetcherTest {

    private static final int PAGE_SIZE = 4096;
    private static final int CHILDREN_PER_PAGE = 400;

    @Test
    void aDatabaseWithThousandsOfInteriorPagesIsFollowedWithinItsMemoryBound() {
        Prefetcher prefetcher = new Prefetcher();
        int interiorPages = 1_000;
        int firstChild = interiorPages + 10;
        for (int parent = 2; parent < 2 + interiorPages; parent++) {
            prefetcher.observe(parent, interiorPage(firstChild + (parent - 2) * CHILDREN_PER_PAGE));
        }
        int lastParentFirstChild = firstChild + (interiorPages - 1) * CHILDREN_PER_PAGE;
        long[] request = prefetcher.request(lastParentFirstChild, Integer.MAX_VALUE, PAGE_SIZE, 4, pgno -> false);
        assertThat(request).as("the first child of the last page seen: two siblings come along")
                .containsExactly(lastParentFirstChild, lastParentFirstChild + 1L, lastParentFirstChild + 2L);
    }

    @Test
    void theParentsOfAllChildrenSeenAreKeptAndForgottenInteriorPagesAreReadFromTheCache() {
        Map<Integer, byte[]> cache = new HashMap<>();
        Prefetcher prefetcher = new Prefetcher(cache::get);
        int interiorPages = 1_000;
        int firstChild = interiorPages + 10;
        for (int parent = 2; parent < 2 + interiorPages; parent++) {
            byte[] page = interiorPage(firstChild + (parent - 2) * CHILDREN_PER_PAGE);
            cache.put(parent, page);
            prefetcher.observe(parent, page);
        }
        assertThat(prefetcher.request(firstChild, Integer.MAX_VALUE, PAGE_SIZE, 4, pgno -> false))
                .as("the first child of the first of 1,000 interior pages (400,000 children): its parent, long "
                        + "forgotten, is read again from the cache, and its siblings come along")
                .containsExactly(firstChild, firstChild + 1L, firstChild + 2L);
    }

    @Test
    void aScanTakesTheRestOfItsInteriorPageDenseLookupsAGrowingWindowALoneLookupTwoSiblings() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100));
        prefetcher.observe(3, interiorPage(600));
        prefetcher.observe(4, interiorPage(1100));
        assertThat(prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("a first child may be a lookup's: two siblings").containsExactly(100, 101, 102);
        assertThat(prefetcher.request(650, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("a lone lookup elsewhere in between: two siblings").containsExactly(650, 651, 652);
        assertThat(prefetcher.request(103, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the scan goes on just past what it brought: the rest of its interior page, past the setting")
                .containsExactly(range(103, 100 + CHILDREN_PER_PAGE));
        assertThat(prefetcher.request(600, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> pgno == 650))
                .as("the next interior page's first child: the scan takes that page whole, less what is cached")
                .hasSize(CHILDREN_PER_PAGE - 1).startsWith(600, 601).doesNotContain(650L);
        assertThat(prefetcher.request(1300, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the first miss under a page, not its first child: a lone lookup").containsExactly(1300, 1301, 1302);
        assertThat(prefetcher.request(1350, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("another miss there: dense lookups, two siblings").containsExactly(1350, 1351, 1352);
        assertThat(prefetcher.request(1400, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("and another: the same").containsExactly(1400, 1401, 1402);
        assertThat(prefetcher.request(1450, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("and another: the window doubles past them").containsExactly(range(1450, 1455));
    }

    @Test
    void withPrefetchOffAScanAsksForEachPageAlone() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100));
        assertThat(prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 0, pgno -> false)).containsExactly(100);
        assertThat(prefetcher.request(101, Integer.MAX_VALUE, PAGE_SIZE, 0, pgno -> false)).containsExactly(101);
        assertThat(prefetcher.scanContinuation()).isZero();
    }

    @Test
    void aScanBatchStaysWithinTheStoresLimitPerRequest() {
        int pageSize = 65536;
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100, 1000, pageSize));
        prefetcher.request(100, Integer.MAX_VALUE, pageSize, 32, pgno -> false);
        assertThat(prefetcher.request(103, Integer.MAX_VALUE, pageSize, 32, pgno -> false))
                .as("16 MiB of 64 KiB pages").hasSize(256);
        assertThat(prefetcher.scanContinuation()).as("where the batch stopped").isEqualTo(103 + 256);
    }

    @Test
    void aScanNamesThePageItMissesOnNextALookupDoesNot() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(5, interiorPage(2, 3, PAGE_SIZE));
        prefetcher.observe(2, interiorPage(100));
        prefetcher.observe(3, interiorPage(600));
        prefetcher.observe(4, interiorPage(1100));
        prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a first child alone may be a lookup's").isZero();
        assertThat(prefetcher.request(103, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("page 2 to its end, the interior pages after it on its level, then their children to the store's "
                        + "limit per request").hasSize(1024).contains(3L, 4L, 499L, 600L, 999L, 1100L, 1324L)
                .doesNotContain(1325L);
        assertThat(prefetcher.scanContinuation()).as("where the batch stopped, in page 4").isEqualTo(1325);
        long[] ahead = prefetcher.request(1325, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(ahead).as("asking ahead moves the scan on as the miss would: the rest of page 4")
                .hasSize(CHILDREN_PER_PAGE - 225).startsWith(1325);
        assertThat(prefetcher.scanContinuation()).as("page 4 is the last: nothing known beyond").isZero();

        prefetcher.observe(7, interiorPage(2000));
        prefetcher.request(2050, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a lone lookup").isZero();
        prefetcher.request(2200, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("dense lookups get siblings, not read-ahead").isZero();
    }

    @Test
    void lookupsThroughAnIndexTakeTheirEqualKeysFirstThenAGrowingWindowOfTheEntriesAfter() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, tableInterior(10, 10, 100));
        prefetcher.request(50, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        prefetcher.observe(50, indexLeaf(new int[] {7, 7, 7, 8, 8, 9, 9, 9},
                new long[] {150, 450, 950, 250, 650, 50, 350, 750}));
        assertThat(prefetcher.request(11, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> pgno == 2))
                .as("the table leaf of rowid 150: the leaves of the other rowids of key 7, nothing else")
                .containsExactly(11, 14, 19);
        assertThat(prefetcher.request(12, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> pgno == 2 || pgno == 11 || pgno == 14 || pgno == 19))
                .as("the leaf of rowid 250, the next entry: the run goes on, the leaves of the entries after it")
                .containsExactly(12, 16, 10, 13, 17);
        assertThat(prefetcher.scanContinuation()).as("lookups are not a scan").isZero();
    }

    @Test
    void aLookupByRowidWithoutAnIndexEntryThereGetsSiblingsOnly() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, tableInterior(10, 10, 100));
        prefetcher.request(50, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        prefetcher.observe(50, indexLeaf(new int[] {7, 7}, new long[] {150, 450}));
        assertThat(prefetcher.request(16, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> pgno == 2))
                .as("rowids 601 to 700: no entry points there").containsExactly(16, 17, 18);
    }

    private static long[] range(int from, int to) {
        return java.util.stream.LongStream.range(from, to).toArray();
    }

    private static byte[] interiorPage(int first) {
        return interiorPage(first, CHILDREN_PER_PAGE, PAGE_SIZE);
    }

    /**
     * A table interior page whose {@code children} consecutive pages from {@code first} hold {@code step}
     * rowids each: child {@code i} holds rowids {@code i * step + 1} to {@code (i + 1) * step}.
     */
    private static byte[] tableInterior(int first, int children, int step) {
        ByteBuffer page = ByteBuffer.allocate(PAGE_SIZE);
        int cells = children - 1;
        page.put(0, (byte) 0x05);
        page.putShort(3, (short) cells);
        page.putInt(8, first + cells);
        int content = PAGE_SIZE;
        for (int cell = 0; cell < cells; cell++) {
            content -= 6;
            page.putShort(12 + 2 * cell, (short) content);
            page.putInt(content, first + cell);
            int key = (cell + 1) * step;
            page.put(content + 4, (byte) (0x80 | (key >> 7)));
            page.put(content + 5, (byte) (key & 0x7F));
        }
        page.putShort(5, (short) content);
        return page.array();
    }

    /** An index leaf whose entries are ({@code keys[i]}, {@code rowids[i]}), both stored as 4-byte integers. */
    private static byte[] indexLeaf(int[] keys, long[] rowids) {
        ByteBuffer page = ByteBuffer.allocate(PAGE_SIZE);
        page.put(0, (byte) 0x0a);
        page.putShort(3, (short) keys.length);
        int content = PAGE_SIZE;
        for (int cell = 0; cell < keys.length; cell++) {
            content -= 12;
            page.putShort(8 + 2 * cell, (short) content);
            page.put(content, (byte) 11);
            page.put(content + 1, (byte) 3);
            page.put(content + 2, (byte) 4);
            page.put(content + 3, (byte) 4);
            page.putInt(content + 4, keys[cell]);
            page.putInt(content + 8, (int) rowids[cell]);
        }
        page.putShort(5, (short) content);
        return page.array();
    }

    /** A table interior page of {@code pageSize} whose cells point to {@code children} consecutive pages from {@code first}. */
    private static byte[] interiorPage(int first, int children, int pageSize) {
        ByteBuffer page = ByteBuffer.allocate(pageSize);
        int cells = children - 1;
        page.put(0, (byte) 0x05);
        page.putShort(3, (short) cells);
        page.putInt(8, first + cells);
        int content = pageSize;
        for (int cell = 0; cell < cells; cell++) {
            content -= 5;
            page.putShort(12 + 2 * cell, (short) content);
            page.putInt(content, first + cell);
            page.put(content + 4, (byte) (cell % 100));
        }
        page.putShort(5, (short) (content == 65536 ? 0 : content));
        return page.array();
    }
}
