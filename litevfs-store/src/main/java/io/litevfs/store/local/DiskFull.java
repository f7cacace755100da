package io.litevfs.store.local;

import java.io.IOException;

/**
 * Whether a failure is the disk being full. Java names no such exception: the operating system's text
 * ({@code ENOSPC}, "No space left on device") reaches us in an {@link IOException}'s message, anywhere
 * in the chain of causes (a file channel's own, or one wrapped by a codec or a reactive operator).
 */
public final class DiskFull {

    private DiskFull() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
