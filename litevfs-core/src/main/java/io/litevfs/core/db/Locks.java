package io.litevfs.core.db;

import io.litevfs.core.vfs.SqliteCodes;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * SQLite's lock levels across the connections of one process to one database, as SQLite's own unix VFS
 * keeps them between processes: the state machine alone, with what the database does at its moves left
 * to {@link Moves}.
 *
 * <p>Each holder (a connection's open file) has a level: NONE, SHARED, RESERVED, PENDING or EXCLUSIVE.
 * <ol>
 *   <li>SHARED is granted unless another holder is PENDING or EXCLUSIVE ({@code BUSY} then); the first
 *       SHARED of an idle database is preceded by {@link Moves#beforeFirstShared}.</li>
 *   <li>RESERVED goes to one holder at a time ({@code BUSY} for the others); {@link Moves#reservedTaken}
 *       may refuse it by throwing, and then nothing changed.</li>
 *   <li>EXCLUSIVE needs every other SHARED gone: until then the holder waits at PENDING ({@code BUSY}),
 *       which keeps new SHARED locks out.</li>
 *   <li>Dropping below RESERVED frees RESERVED, PENDING and EXCLUSIVE and is followed by
 *       {@link Moves#belowReserved}; the last SHARED released is followed by {@link Moves#allReleased},
 *       even when {@code belowReserved} failed.</li>
 * </ol>
 * Invariants: {@code shared} is the number of holders at SHARED or above; {@code reserved},
 * {@code pending} and {@code exclusive} each name at most one holder, one at that level or above.
 * Not thread-safe: the database calls it under its own lock.
 *
 * @param <H> what holds a lock (a connection's file)
 */
final class Locks<H> {

    /** What the database does when the locks move. */
    interface Moves<H> {
        /** Before the first SHARED lock of an idle database is granted. */
        void beforeFirstShared();

        /** Before {@code holder} gets RESERVED (it will write); throwing refuses the lock. */
        void reservedTaken(H holder);

        /** After {@code holder}, which held RESERVED or more, dropped below it. */
        void belowReserved(H holder);

        /** After the last SHARED lock was released. */
        void allReleased();
    }

    private final Moves<H> moves;
    private final Map<H, Integer> levels = new HashMap<>();
    private int shared;
    private @Nullable H reserved;
    private @Nullable H pending;
    private @Nullable H exclusive;

    Locks(Moves<H> moves) {
        this.moves = moves;
    }

    /** A holder starts at NONE. */
    void open(H holder) {
        levels.put(holder, SqliteCodes.LOCK_NONE);
    }

    /** A holder that goes away releases whatever it held, and is gone even when its release's move fails. */
    void close(H holder) {
        try {
            unlock(holder, SqliteCodes.LOCK_NONE);
        } finally {
            levels.remove(holder);
        }
    }

    int holders() {
        return levels.size();
    }

    int level(H holder) {
        return levels.getOrDefault(holder, SqliteCodes.LOCK_NONE);
    }

    /** Whether any holder is reading or writing (holds SHARED or more). */
    boolean anyShared() {
        return shared > 0;
    }

    boolean reservedHeld() {
        return reserved != null;
    }

    /** Raises {@code holder} to {@code level}; {@code SQLITE_OK} or {@code SQLITE_BUSY}. */
    int lock(H holder, int level) {
        int current = level(holder);
        if (level <= current) {
            return SqliteCodes.OK;
        }
        if (level == SqliteCodes.LOCK_SHARED) {
            if ((pending != null && pending != holder) || (exclusive != null && exclusive != holder)) {
                return SqliteCodes.BUSY;
            }
            if (shared == 0) {
                moves.beforeFirstShared();
            }
            shared++;
            levels.put(holder, SqliteCodes.LOCK_SHARED);
            return SqliteCodes.OK;
        }
        if (level == SqliteCodes.LOCK_RESERVED) {
            if (reserved != null && reserved != holder) {
                return SqliteCodes.BUSY;
            }
            moves.reservedTaken(holder);
            reserved = holder;
            levels.put(holder, SqliteCodes.LOCK_RESERVED);
            return SqliteCodes.OK;
        }
        pending = holder;
        if (shared > 1) {
            levels.put(holder, SqliteCodes.LOCK_PENDING);
            return SqliteCodes.BUSY;
        }
        exclusive = holder;
        pending = null;
        levels.put(holder, SqliteCodes.LOCK_EXCLUSIVE);
        return SqliteCodes.OK;
    }

    /** Lowers {@code holder} to {@code level} (SHARED or NONE). */
    void unlock(H holder, int level) {
        int current = level(holder);
        if (level >= current) {
            return;
        }
        boolean wasWriting = current >= SqliteCodes.LOCK_RESERVED && level < SqliteCodes.LOCK_RESERVED;
        if (level < SqliteCodes.LOCK_RESERVED) {
            if (reserved == holder) {
                reserved = null;
            }
            if (pending == holder) {
                pending = null;
            }
            if (exclusive == holder) {
                exclusive = null;
            }
        }
        if (level == SqliteCodes.LOCK_NONE && current >= SqliteCodes.LOCK_SHARED) {
            shared--;
        }
        levels.put(holder, level);
        try {
            if (wasWriting) {
                moves.belowReserved(holder);
            }
        } finally {
            if (shared == 0) {
                moves.allReleased();
            }
        }
    }
}
