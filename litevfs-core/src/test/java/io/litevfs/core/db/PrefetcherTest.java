package io.litevfs.core.db;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

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
        assertThat(request).as("the first child of the last page seen: its sibling comes along")
                .containsExactly(lastParentFirstChild, lastParentFirstChild + 1L);
    }

    @Test
    void aScanTakesTheRestOfItsInteriorPageDenseLookupsAGrowingWindowALoneLookupNothing() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100));
        prefetcher.observe(3, interiorPage(600));
        prefetcher.observe(4, interiorPage(1100));
        assertThat(prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("a first child may be a lookup's: one sibling").containsExactly(100, 101);
        assertThat(prefetcher.request(650, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("a lone lookup elsewhere in between").containsExactly(650);
        assertThat(prefetcher.request(102, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the scan goes on just past what it brought: the rest of its interior page, past the setting")
                .containsExactly(range(102, 100 + CHILDREN_PER_PAGE));
        assertThat(prefetcher.request(600, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> pgno == 650))
                .as("the next interior page's first child: the scan takes that page whole, less what is cached")
                .hasSize(CHILDREN_PER_PAGE - 1).startsWith(600, 601).doesNotContain(650L);
        assertThat(prefetcher.request(1300, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the first miss under a page, not its first child: a lone lookup").containsExactly(1300);
        assertThat(prefetcher.request(1350, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("another miss there: dense lookups, a sibling").containsExactly(1350, 1351);
        assertThat(prefetcher.request(1400, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("and another: the window doubles").containsExactly(1400, 1401, 1402);
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
        assertThat(prefetcher.request(102, Integer.MAX_VALUE, pageSize, 32, pgno -> false))
                .as("16 MiB of 64 KiB pages").hasSize(256);
        assertThat(prefetcher.scanContinuation()).as("where the batch stopped").isEqualTo(102 + 256);
    }

    @Test
    void aScanNamesThePageItMissesOnNextALookupDoesNot() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(5, interiorPage(2, 2, PAGE_SIZE));
        prefetcher.observe(2, interiorPage(100));
        prefetcher.observe(3, interiorPage(600));
        prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a first child alone may be a lookup's").isZero();
        prefetcher.request(102, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("page 2 taken to its end: the scan goes on into page 3, known")
                .isEqualTo(600);
        long[] ahead = prefetcher.request(600, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(ahead).as("asking ahead moves the scan on as the miss would").hasSize(CHILDREN_PER_PAGE).startsWith(600);
        assertThat(prefetcher.scanContinuation()).as("page 3 is the last: nothing known beyond").isZero();

        prefetcher.observe(4, interiorPage(1100));
        prefetcher.request(1150, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a lone lookup").isZero();
        prefetcher.request(1300, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("dense lookups get siblings, not read-ahead").isZero();
    }

    private static long[] range(int from, int to) {
        return java.util.stream.LongStream.range(from, to).toArray();
    }

    private static byte[] interiorPage(int first) {
        return interiorPage(first, CHILDREN_PER_PAGE, PAGE_SIZE);
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
