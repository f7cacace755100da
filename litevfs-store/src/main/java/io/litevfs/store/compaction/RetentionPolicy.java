package io.litevfs.store.compaction;

import io.litevfs.store.history.StoredFile;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * How long a database's history is kept, and how finely. Every transaction is a point for
 * {@code transactions}; after that, each level keeps one point per window of its {@code interval} (windows
 * aligned to multiples of the interval since the epoch, UTC) until the point is {@code keep} old; the
 * next level takes over from there. Older than the last level's {@code keep} (or than
 * {@code transactions} when there are no levels), history folds into the snapshot at its start, which is
 * the oldest point kept.
 *
 * <p>Each level's interval is a whole multiple of the one before, so windows nest: every merged file lies
 * within any wider one that overlaps it, whichever replica (whose clock may differ a little) merged
 * which, and a chain through the widest files never has a gap.
 *
 * <p>Ages are those of the store's acceptance times ({@link StoredFile#acceptedAtMs}). A window is merged
 * only once all of it is older than the level before (so a window is written once per level, not again
 * each round while it fills); until then its points are kept at the finer grain, so a point is always kept
 * at least as finely as promised.
 *
 * @param transactions how long every transaction stays a point of its own
 * @param levels       coarser points, each {@code keep} longer than the one before
 */
public record RetentionPolicy(Duration transactions, List<Level> levels) {

    /** One point per {@code interval} window, for points up to {@code keep} old. */
    public record Level(Duration interval, Duration keep) {

        public Level {
            if (!interval.isPositive() || !keep.isPositive()) {
                throw new IllegalArgumentException("a retention level needs a positive interval and keep, got "
                        + interval + " for " + keep);
            }
            if (interval.compareTo(keep) > 0) {
                throw new IllegalArgumentException("a retention level's interval (" + interval
                        + ") cannot be longer than how long it keeps its points (" + keep + ")");
            }
        }
    }

    /** A window of one level that points are merged by; equal windows merge. */
    record Window(int level, long index) {
    }

    public RetentionPolicy {
        if (!transactions.isPositive()) {
            throw new IllegalArgumentException("every transaction must be kept a positive time, got " + transactions);
        }
        levels = List.copyOf(levels);
        Duration before = transactions;
        Duration finer = null;
        for (Level level : levels) {
            if (level.keep().compareTo(before) <= 0) {
                throw new IllegalArgumentException("each retention level must keep its points longer than the one "
                        + "before: " + level.keep() + " is not longer than " + before);
            }
            if (finer != null && level.interval().toMillis() % finer.toMillis() != 0) {
                throw new IllegalArgumentException("each retention level's interval must be a whole multiple of the "
                        + "one before, so that its windows hold whole finer ones: " + level.interval() + " is not a "
                        + "multiple of " + finer);
            }
            before = level.keep();
            finer = level.interval();
        }
    }

    /** Every transaction kept for {@code transactions}, nothing older. */
    public static RetentionPolicy transactionsOnly(Duration transactions) {
        return new RetentionPolicy(transactions, List.of());
    }

    /** How far back any point is kept. */
    public Duration horizon() {
        return levels.isEmpty() ? transactions : levels.getLast().keep();
    }

    /** Points accepted before this time, seen at {@code nowMs}, fold into the snapshot. */
    public long foldCutoffMs(long nowMs) {
        return nowMs - horizon().toMillis();
    }

    /**
     * The window a point accepted at {@code acceptedAtMs} is merged by, seen at {@code nowMs}; null while
     * it stays a point of its own (recent, or its window is not all old enough yet) or is past every level.
     */
    @Nullable Window windowOf(long acceptedAtMs, long nowMs) {
        long age = nowMs - acceptedAtMs;
        long before = transactions.toMillis();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            if (age < before) {
                return null;
            }
            if (age < level.keep().toMillis()) {
                long interval = level.interval().toMillis();
                long index = Math.floorDiv(acceptedAtMs, interval);
                boolean wholeWindowOldEnough = (index + 1) * interval <= nowMs - before;
                return wholeWindowOldEnough ? new Window(i, index) : null;
            }
            before = level.keep().toMillis();
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("every transaction for " + transactions);
        for (Level level : levels) {
            text.append(", ").append(level.interval()).append(" points for ").append(level.keep());
        }
        return text.toString();
    }
}
