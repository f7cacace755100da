package io.litevfs.core.internal.ffi;

import org.jspecify.annotations.Nullable;

import java.lang.foreign.MemorySegment;

/**
 * The one place that gives native pointers a size: pointers arrive from C as zero-length segments.
 */
final class Native {

    private Native() {
    }

    @SuppressWarnings("restricted")
    static MemorySegment sized(MemorySegment pointer, long size) {
        return pointer.reinterpret(size);
    }

    /** A NUL-terminated UTF-8 string at {@code pointer}; null for NULL. */
    static @Nullable String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : sized(pointer, Long.MAX_VALUE).getString(0);
    }

    /** A NUL-terminated UTF-8 string at {@code pointer}, which {@code what} says must not be NULL. */
    static String requiredString(MemorySegment pointer, String what) {
        String value = string(pointer);
        if (value == null) {
            throw new IllegalStateException(what + " is NULL");
        }
        return value;
    }

    static IllegalStateException failure(String function, Throwable cause) {
        return new IllegalStateException("calling " + function + " failed: " + cause, cause);
    }
}
