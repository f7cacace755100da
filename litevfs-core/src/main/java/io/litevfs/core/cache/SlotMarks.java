package io.litevfs.core.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One bit per cache slot that readers may set while they share the cache's read lock: setting and
 * clearing are atomic, so concurrent readers marking slots lose no mark. Growing and clearing all
 * replace the array and need the cache's write lock (no reader is then marking).
 */
final class SlotMarks {

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private long[] words = new long[0];

    /** Makes room for {@code slots} slots; new slots start unmarked. Under the write lock. */
    void grow(int slots) {
        int needed = (slots + 63) >>> 6;
        if (needed > words.length) {
            words = Arrays.copyOf(words, needed);
        }
    }

    /** Unmarks every slot and forgets the size. Under the write lock. */
    void reset() {
        words = new long[0];
    }

    boolean isSet(int slot) {
        return ((long) WORDS.getAcquire(words, slot >>> 6) & bit(slot)) != 0;
    }

    void set(int slot) {
        if (!isSet(slot)) {
            WORDS.getAndBitwiseOrRelease(words, slot >>> 6, bit(slot));
        }
    }

    void clear(int slot) {
        if (isSet(slot)) {
            WORDS.getAndBitwiseAndRelease(words, slot >>> 6, ~bit(slot));
        }
    }

    private static long bit(int slot) {
        return 1L << (slot & 63);
    }
}
