package io.litevfs.core.db;

import io.litevfs.core.vfs.SqliteCodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.litevfs.core.vfs.SqliteCodes.BUSY;
import static io.litevfs.core.vfs.SqliteCodes.LOCK_EXCLUSIVE;
import static io.litevfs.core.vfs.SqliteCodes.LOCK_NONE;
import static io.litevfs.core.vfs.SqliteCodes.LOCK_PENDING;
import static io.litevfs.core.vfs.SqliteCodes.LOCK_RESERVED;
import static io.litevfs.core.vfs.SqliteCodes.LOCK_SHARED;
import static io.litevfs.core.vfs.SqliteCodes.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lock state machine on its own, its moves recorded. */
class LocksTest {

    private final List<String> moves = new ArrayList<>();
    private boolean refuseReserved;
    private final Locks<String> locks = new Locks<>(new Locks.Moves<>() {
        @Override
        public void beforeFirstShared() {
            moves.add("first shared");
        }

        @Override
        public void reservedTaken(String holder) {
            if (refuseReserved) {
                throw new IllegalStateException("no lease");
            }
            moves.add("reserved " + holder);
        }

        @Override
        public void belowReserved(String holder) {
            moves.add("below reserved " + holder);
        }

        @Override
        public void allReleased() {
            moves.add("all released");
        }
    });

    @Test
    void readersShareAndTheFirstAndLastAreAnnounced() {
        open("a", "b");
        assertThat(locks.lock("a", LOCK_SHARED)).isEqualTo(OK);
        assertThat(locks.lock("b", LOCK_SHARED)).isEqualTo(OK);
        assertThat(locks.anyShared()).isTrue();
        locks.unlock("a", LOCK_NONE);
        locks.unlock("b", LOCK_NONE);
        assertThat(moves).containsExactly("first shared", "all released");
        assertThat(locks.anyShared()).isFalse();
    }

    @Test
    void oneWriterAtATimeAndExclusiveWaitsForReadersAtPending() {
        open("w", "r", "other");
        locks.lock("w", LOCK_SHARED);
        locks.lock("r", LOCK_SHARED);
        assertThat(locks.lock("w", LOCK_RESERVED)).isEqualTo(OK);
        assertThat(locks.reservedHeld()).isTrue();
        locks.lock("other", LOCK_SHARED);
        assertThat(locks.lock("other", LOCK_RESERVED)).as("a second writer").isEqualTo(BUSY);

        assertThat(locks.lock("w", LOCK_EXCLUSIVE)).as("readers still in").isEqualTo(BUSY);
        assertThat(locks.level("w")).isEqualTo(LOCK_PENDING);
        locks.unlock("r", LOCK_NONE);
        assertThat(locks.lock("r", LOCK_SHARED)).as("PENDING keeps new readers out").isEqualTo(BUSY);
        locks.unlock("other", LOCK_NONE);
        assertThat(locks.lock("w", LOCK_EXCLUSIVE)).isEqualTo(OK);
        assertThat(locks.level("w")).isEqualTo(LOCK_EXCLUSIVE);
        assertThat(locks.lock("r", LOCK_SHARED)).as("EXCLUSIVE keeps readers out").isEqualTo(BUSY);

        locks.unlock("w", LOCK_SHARED);
        assertThat(locks.reservedHeld()).isFalse();
        assertThat(locks.lock("r", LOCK_SHARED)).isEqualTo(OK);
        locks.unlock("w", LOCK_NONE);
        locks.unlock("r", LOCK_NONE);
        assertThat(moves).containsExactly("first shared", "reserved w", "below reserved w", "all released");
    }

    @Test
    void aRefusedReservedChangesNothing() {
        open("w");
        locks.lock("w", LOCK_SHARED);
        refuseReserved = true;
        assertThatThrownBy(() -> locks.lock("w", LOCK_RESERVED)).hasMessage("no lease");
        assertThat(locks.level("w")).isEqualTo(LOCK_SHARED);
        assertThat(locks.reservedHeld()).isFalse();
    }

    @Test
    void closingAHolderReleasesWhatItHeldAndAFailedCommitStillEndsTheLocks() {
        Locks<String> failing = new Locks<>(new Locks.Moves<>() {
            @Override
            public void beforeFirstShared() {
            }

            @Override
            public void reservedTaken(String holder) {
            }

            @Override
            public void belowReserved(String holder) {
                throw new IllegalStateException("commit refused");
            }

            @Override
            public void allReleased() {
                moves.add("all released");
            }
        });
        failing.open("w");
        failing.lock("w", LOCK_SHARED);
        failing.lock("w", LOCK_RESERVED);
        assertThatThrownBy(() -> failing.close("w")).hasMessage("commit refused");
        assertThat(moves).containsExactly("all released");
        assertThat(failing.reservedHeld()).isFalse();
        assertThat(failing.anyShared()).isFalse();
        assertThat(failing.holders()).isZero();
    }

    @Test
    void lockingToALevelHeldOrLowerIsANoOp() {
        open("a");
        locks.lock("a", LOCK_RESERVED);
        assertThat(locks.lock("a", LOCK_SHARED)).isEqualTo(SqliteCodes.OK);
        assertThat(locks.level("a")).isEqualTo(LOCK_RESERVED);
        locks.unlock("a", LOCK_RESERVED);
        assertThat(locks.level("a")).isEqualTo(LOCK_RESERVED);
    }

    private void open(String... holders) {
        for (String holder : holders) {
            locks.open(holder);
        }
    }
}
