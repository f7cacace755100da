package io.litevfs.core.cache;

import java.util.function.IntPredicate;

/**
 * CLOCK eviction over the cache's slots: a read marks its slot as referenced; when a slot must be
 * freed, the hand sweeps the slots in order, clearing the mark of each referenced one (its second
 * chance) and stopping at the first occupied slot without a mark, which is the victim.
 *
 * <p>{@link #referenced} may be called by readers sharing the cache's read lock; everything else runs
 * under its write lock.
 */
final class ClockEviction {

    private final SlotMarks marks = new SlotMarks();
    private int slots;
    private int hand;

    /** The slot {@code slot} was read or written. */
    void referenced(int slot) {
        marks.set(slot);
    }

    /** The slot {@code slot} was emptied: it has no mark left. */
    void forget(int slot) {
        marks.clear(slot);
    }

    /** The cache now has {@code slotCount} slots. */
    void grow(int slotCount) {
        marks.grow(slotCount);
        slots = slotCount;
    }

    /** No slots any more (a new page size); the hand starts over. */
    void reset() {
        marks.reset();
        slots = 0;
        hand = 0;
    }

    /**
     * The slot to evict: the first occupied one, from the hand on, that was not referenced since the
     * hand last passed it. There must be an occupied slot.
     */
    int victim(IntPredicate occupied) {
        while (true) {
            int slot = hand;
            hand = (hand + 1) % slots;
            if (!occupied.test(slot)) {
                continue;
            }
            if (marks.isSet(slot)) {
                marks.clear(slot);
                continue;
            }
            return slot;
        }
    }
}
