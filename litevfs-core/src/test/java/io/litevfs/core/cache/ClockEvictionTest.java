package io.litevfs.core.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ClockEvictionTest {

    @Test
    void referencedSlotsGetASecondChanceAndEmptySlotsAreSkipped() {
        ClockEviction clock = new ClockEviction();
        clock.grow(4);
        boolean[] occupied = {true, true, false, true};
        clock.referenced(0);
        clock.referenced(3);

        assertThat(clock.victim(slot -> occupied[slot])).as("0 referenced, 1 not").isEqualTo(1);
        assertThat(clock.victim(slot -> occupied[slot])).as("2 empty, 3's mark cleared, 0's cleared before").isEqualTo(0);
        clock.referenced(1);
        clock.forget(1);
        assertThat(clock.victim(slot -> occupied[slot])).as("a forgotten slot has no mark left").isEqualTo(1);
    }

    @Test
    void marksSetByConcurrentReadersInOneWordAreAllKept() throws InterruptedException {
        SlotMarks marks = new SlotMarks();
        marks.grow(64);
        for (int round = 0; round < 200; round++) {
            marks.reset();
            marks.grow(64);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int reader = 0; reader < 4; reader++) {
                int first = reader * 16;
                readers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int slot = first; slot < first + 16; slot++) {
                        marks.set(slot);
                    }
                }));
            }
            start.countDown();
            for (Thread reader : readers) {
                reader.join();
            }
            for (int slot = 0; slot < 64; slot++) {
                assertThat(marks.isSet(slot)).as("round %d slot %d", round, slot).isTrue();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
