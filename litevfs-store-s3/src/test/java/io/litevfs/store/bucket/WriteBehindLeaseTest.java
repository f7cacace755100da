package io.litevfs.store.bucket;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.lease.LeaseBook;
import io.litevfs.store.lease.Leases;
import io.litevfs.store.lease.MemoryLeaseBook;
import io.litevfs.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lease rules of write-behind on their own, with a clock the test moves: a lease a replica wrote
 * behind holds its database for the write-behind limit after it ends, however it ends and whichever
 * replica judges it.
 */
class WriteBehindLeaseTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(100);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final LeaseBook book = new MemoryLeaseBook();
    private final Leases writer = new Leases(clock, book, MARGIN, LIMIT, (cluster, db) -> true);
    private final Leases other = new Leases(clock, book, MARGIN);

    @Test
    void aWriteUnderALeaseMarksItOnceAndMayGoBehind() {
        Leases.Lease lease = writer.acquire("c", "db", Duration.ofSeconds(10));
        assertThat(writer.checkWrite("c", "db", lease.id())).isTrue();
        assertThat(book.read("c", "db").entry().writeBehind()).isEqualTo(LIMIT);
        String version = book.read("c", "db").version();
        assertThat(writer.checkWrite("c", "db", lease.id())).isTrue();
        assertThat(book.read("c", "db").version()).as("no second write of the record").isEqualTo(version);
        assertThat(other.checkWrite("c", "db", lease.id())).as("a replica not writing behind").isFalse();
        assertThatThrownBy(() -> writer.checkWrite("c", "db", null)).as("a write naming no lease while one is live")
                .isInstanceOf(StoreException.class);
    }

    @Test
    void anExpiredLeaseWrittenBehindIsTakenOverOnlyAfterTheLimitMore() {
        Leases.Lease lease = writer.acquire("c", "db", Duration.ofSeconds(10));
        writer.checkWrite("c", "db", lease.id());
        writer.refresh("c", "db", lease.id(), Duration.ofSeconds(10));
        assertThat(book.read("c", "db").entry().writeBehind()).as("a refresh keeps the mark").isEqualTo(LIMIT);
        clock.move(Duration.ofSeconds(10).plus(MARGIN).plusMillis(1));
        assertThatThrownBy(() -> other.acquire("c", "db", Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ELEASEEXISTS))
                .hasMessageContaining("on their way to the bucket");
        assertThatThrownBy(() -> other.checkWrite("c", "db", null)).isInstanceOf(StoreException.class);
        clock.move(LIMIT);
        assertThat(other.acquire("c", "db", Duration.ofSeconds(10)).id()).isNotEqualTo(lease.id());
    }

    @Test
    void aReleaseByTheReplicaThatWroteBehindFreesAtOnceAndByAnotherAfterTheLimit() {
        Leases.Lease first = writer.acquire("c", "db", Duration.ofSeconds(10));
        writer.checkWrite("c", "db", first.id());
        writer.release("c", "db", first.id());
        Leases.Lease second = other.acquire("c", "db", Duration.ofSeconds(10));

        other.release("c", "db", second.id());
        Leases.Lease third = writer.acquire("c", "db", Duration.ofSeconds(10));
        writer.checkWrite("c", "db", third.id());
        other.release("c", "db", third.id());
        assertThatThrownBy(() -> writer.acquire("c", "db", Duration.ofSeconds(10))).isInstanceOf(StoreException.class);
        clock.move(LIMIT.plus(MARGIN).plusMillis(1));
        assertThat(writer.acquire("c", "db", Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void aReleaseWhoseWritesCannotReachTheBucketKeepsTheMark() {
        Leases stuck = new Leases(clock, book, MARGIN, LIMIT, (cluster, db) -> false);
        Leases.Lease lease = stuck.acquire("c", "db", Duration.ofSeconds(10));
        stuck.checkWrite("c", "db", lease.id());
        stuck.release("c", "db", lease.id());
        assertThat(book.read("c", "db").entry().writeBehind()).isEqualTo(LIMIT);
        assertThatThrownBy(() -> other.acquire("c", "db", Duration.ofSeconds(10))).isInstanceOf(StoreException.class);
    }
}
