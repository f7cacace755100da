package io.litevfs.core.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The bookkeeping of batches sent ahead of a scan. */
class ScanReadAheadTest {

    @Test
    void batchesAheadAreBoundedReachedOnceAndForgottenWhenTheScanGoesElsewhere() {
        ScanReadAhead ahead = new ScanReadAhead();
        for (int batch = 0; batch < ScanReadAhead.DEPTH; batch++) {
            assertThat(ahead.hasRoom()).isTrue();
            ahead.sent(new long[] {10L * batch + 10, 10L * batch + 11}, new CompletableFuture<>());
        }
        assertThat(ahead.hasRoom()).isFalse();
        assertThat(ahead.isInFlight(21)).isTrue();
        assertThat(ahead.reached(11)).as("not a batch's first page").isFalse();
        assertThat(ahead.reached(10)).isTrue();
        assertThat(ahead.reached(10)).as("reached once").isFalse();
        assertThat(ahead.hasRoom()).isTrue();
        ahead.forgetAhead();
        assertThat(ahead.reached(20)).isFalse();
        assertThat(ahead.isInFlight(20)).as("still on its way, waited for rather than asked again").isTrue();
    }

    @Test
    void aReadWaitsForItsBatchAndABatchThatFailedIsNotWaitedForAgain() throws Exception {
        ScanReadAhead ahead = new ScanReadAhead();
        CompletableFuture<Void> arrives = new CompletableFuture<>();
        CompletableFuture<Void> fails = new CompletableFuture<>();
        ahead.sent(new long[] {5, 6}, arrives);
        ahead.sent(new long[] {7}, fails);
        AtomicBoolean arrived = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> arrived.set(ahead.awaitArrival(6, Duration.ofSeconds(10))));
        while (reader.getState() != Thread.State.TIMED_WAITING && reader.isAlive()) {
            Thread.onSpinWait();
        }
        arrives.complete(null);
        reader.join();
        assertThat(arrived).isTrue();
        fails.completeExceptionally(new IllegalStateException("store unreachable"));
        assertThat(ahead.awaitArrival(7, Duration.ofSeconds(10))).isFalse();
        assertThat(ahead.isInFlight(7)).isFalse();
        assertThat(ahead.awaitArrival(9, Duration.ofSeconds(10))).as("never sent").isFalse();
    }
}
