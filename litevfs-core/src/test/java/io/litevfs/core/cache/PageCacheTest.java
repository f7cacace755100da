package io.litevfs.core.cache;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The page cache on its own: positions, bounds, CLOCK eviction and reopening. */
class PageCacheTest {

    private static final int PAGE = 512;
    private static final Pos AT_1 = new Pos(TxId.of(1), Checksum.of(Checksum.FLAG | 1));
    private static final Pos AT_2 = new Pos(TxId.of(2), Checksum.of(Checksum.FLAG | 2));

    @TempDir
    Path directory;

    @Test
    void pagesAreKeptAtTheirPositionAndDroppedWhenTheyChange() throws Exception {
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
            cache.put(1, page(1), AT_1);
            cache.put(2, page(2), AT_1);
            assertThat(read(cache, 2)).isEqualTo(page(2));

            cache.moveTo(AT_2, PAGE, List.of(2L), false);
            assertThat(cache.position()).isEqualTo(AT_2);
            assertThat(cache.contains(1)).as("unchanged").isTrue();
            assertThat(cache.contains(2)).as("changed at the new position").isFalse();
            cache.put(2, page(20), AT_1);
            assertThat(cache.contains(2)).as("a page of an older position is not kept").isFalse();
            cache.put(2, page(20), AT_2);
            assertThat(read(cache, 2)).isEqualTo(page(20));
        }
    }

    @Test
    void aNewCacheHasNoHeaderYetAndOneOnceItHasAPosition() throws Exception {
        try (CacheFiles files = new CacheFiles(directory)) {
            assertThat(files.hasHeader()).as("a new index, 64 zero bytes once mapped: no header, not a damaged one")
                    .isFalse();
        }
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
        }
        try (CacheFiles files = new CacheFiles(directory)) {
            assertThat(files.hasHeader()).isTrue();
            assertThat(files.stored()).isEqualTo(new CacheFiles.Stored(PAGE, AT_1, true, BootId.current()));
        }
    }

    @Test
    void aPeekReadsAPageWithoutCountingAsAHitOrAMiss() throws Exception {
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
            cache.put(1, page(1), AT_1);
            ByteBuffer target = ByteBuffer.allocate(PAGE);
            assertThat(cache.peek(1, 0, target, PAGE)).isTrue();
            assertThat(target.array()).isEqualTo(page(1));
            assertThat(cache.peek(2, 0, ByteBuffer.allocate(PAGE), PAGE)).isFalse();
            assertThat(cache.stats().hits()).isZero();
            assertThat(cache.stats().misses()).isZero();
            read(cache, 1);
            assertThat(cache.stats().hits()).isEqualTo(1);
        }
    }

    @Test
    void theBoundHoldsAndClockGivesReadPagesASecondChance() throws Exception {
        try (PageCache cache = PageCache.open(directory, 3, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
            for (int pgno = 1; pgno <= 3; pgno++) {
                cache.put(pgno, page(pgno), AT_1);
            }
            cache.put(4, page(4), AT_1);
            assertThat(cache.stats().pages()).isEqualTo(3);
            assertThat(cache.stats().evictions()).isEqualTo(1);
            assertThat(cache.contains(1)).as("every page was new; the hand took the first").isFalse();
            read(cache, 2);
            cache.put(5, page(5), AT_1);
            assertThat(cache.contains(2)).as("read since the hand passed: a second chance").isTrue();
            assertThat(cache.contains(3)).as("not read since: evicted").isFalse();
            assertThat(cache.stats().evictions()).isEqualTo(2);
            for (int pgno = 5; pgno <= 20; pgno++) {
                cache.put(pgno, page(pgno), AT_1);
                assertThat(cache.stats().pages()).isLessThanOrEqualTo(3);
            }
        }
    }

    @Test
    void aReopenedCacheHasItsPositionAndPages() throws Exception {
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_2, PAGE, List.of(), false);
            cache.put(7, page(7), AT_2);
        }
        try (PageCache reopened = PageCache.open(directory, 0, 0)) {
            assertThat(reopened.position()).isEqualTo(AT_2);
            assertThat(reopened.pageSize()).isEqualTo(PAGE);
            assertThat(read(reopened, 7)).isEqualTo(page(7));
            assertThat(reopened.checksumOf(7)).isNotZero();
            reopened.moveTo(AT_2, 0, List.of(), true);
            assertThat(reopened.contains(7)).as("dropped whole").isFalse();
        }
    }

    @Test
    void aCacheItsProcessLeftOpenInThisBootKeepsItsPages() throws Exception {
        PageCache abandoned = PageCache.open(directory, 0, 0);
        abandoned.moveTo(AT_1, PAGE, List.of(), false);
        abandoned.put(3, page(3), AT_1);
        abandoned.moveTo(AT_2, PAGE, List.of(4L), false);
        try (CacheFiles files = new CacheFiles(directory)) {
            assertThat(files.stored().closed()).as("never closed, as after SIGKILL").isFalse();
        }
        try (PageCache reopened = PageCache.open(directory, 0, 0)) {
            assertThat(reopened.position()).isEqualTo(AT_2);
            assertThat(read(reopened, 3)).isEqualTo(page(3));
        }
    }

    @Test
    void aCacheLeftOpenWhenTheMachineStoppedStartsEmpty() throws Exception {
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
            cache.put(3, page(3), AT_1);
        }
        try (CacheFiles files = new CacheFiles(directory)) {
            files.writeHeader(PAGE, AT_1, java.util.UUID.randomUUID(), true);
        }
        try (PageCache reopened = PageCache.open(directory, 0, 0)) {
            assertThat(reopened.position()).as("its unforced writes may be lost or reordered").isEqualTo(Pos.ZERO);
            assertThat(reopened.contains(3)).isFalse();
        }
    }

    @Test
    void aCacheClosedInAnEarlierBootKeepsItsPages() throws Exception {
        try (PageCache cache = PageCache.open(directory, 0, 0)) {
            cache.moveTo(AT_1, PAGE, List.of(), false);
            cache.put(3, page(3), AT_1);
        }
        try (CacheFiles files = new CacheFiles(directory)) {
            files.restart(PAGE, false);
            files.closeCleanly(PAGE, AT_1, java.util.UUID.randomUUID());
        }
        try (PageCache reopened = PageCache.open(directory, 0, 0)) {
            assertThat(reopened.position()).isEqualTo(AT_1);
            assertThat(read(reopened, 3)).isEqualTo(page(3));
        }
    }

    private static byte[] page(int seed) {
        byte[] data = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            data[i] = (byte) (seed * 31 + i);
        }
        return data;
    }

    private static byte[] read(PageCache cache, int pgno) {
        byte[] data = new byte[PAGE];
        assertThat(cache.read(pgno, 0, ByteBuffer.wrap(data), PAGE)).as("page " + pgno + " cached").isTrue();
        return data;
    }
}
