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
    void siblingsComeAlongInAGrowingWindowForScansAndDenseLookupsNotForALoneLookup() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100));
        prefetcher.observe(3, interiorPage(600));
        prefetcher.observe(4, interiorPage(1100));
        assertThat(prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false)).containsExactly(100, 101);
        assertThat(prefetcher.request(650, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("a lone lookup elsewhere in between").containsExactly(650);
        assertThat(prefetcher.request(102, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the scan goes on just past what it brought").containsExactly(102, 103, 104);
        assertThat(prefetcher.request(105, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false)).hasSize(5);
        assertThat(prefetcher.request(600, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the next interior page's first child: the window carries over").hasSize(5);
        assertThat(prefetcher.request(800, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("another miss under a page missed under before: dense, the window grows").hasSize(9);
        assertThat(prefetcher.request(1300, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false))
                .as("the first miss under a page, not its first child: a lone lookup").containsExactly(1300);
    }

    @Test
    void aScanNamesThePageItMissesOnNextALookupDoesNot() {
        Prefetcher prefetcher = new Prefetcher();
        prefetcher.observe(2, interiorPage(100));
        prefetcher.request(100, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a first child alone may be a lookup's").isZero();
        prefetcher.request(102, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("just past what the first brought: a scan").isEqualTo(105);
        long[] ahead = prefetcher.request(105, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(ahead).hasSize(5).startsWith(105);
        assertThat(prefetcher.scanContinuation()).as("asking ahead moved the scan on").isEqualTo(110);

        prefetcher.observe(3, interiorPage(600));
        prefetcher.request(650, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("a lone lookup").isZero();
        prefetcher.request(800, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("dense lookups get siblings, not read-ahead").isZero();

        prefetcher.request(100 + CHILDREN_PER_PAGE - 2, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        prefetcher.request(100 + CHILDREN_PER_PAGE - 1, Integer.MAX_VALUE, PAGE_SIZE, 32, pgno -> false);
        assertThat(prefetcher.scanContinuation()).as("the interior page's last child: the next page is unknown").isZero();
    }

    /** A table interior page whose cells point to {@code CHILDREN_PER_PAGE} consecutive pages from {@code first}. */
    private static byte[] interiorPage(int first) {
        ByteBuffer page = ByteBuffer.allocate(PAGE_SIZE);
        int cells = CHILDREN_PER_PAGE - 1;
        page.put(0, (byte) 0x05);
        page.putShort(3, (short) cells);
        page.putInt(8, first + cells);
        int content = PAGE_SIZE;
        for (int cell = 0; cell < cells; cell++) {
            content -= 5;
            page.putShort(12 + 2 * cell, (short) content);
            page.putInt(content, first + cell);
            page.put(content + 4, (byte) (cell % 100));
        }
        page.putShort(5, (short) content);
        return page.array();
    }
}
