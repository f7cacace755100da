package io.litevfs.core.cache;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Which run of the operating system this is: Linux gives each boot a random id. While it stays the same,
 * every write a process made through a file mapping is visible to the next process, whether or not it
 * was forced to the disk and however the writer ended; only a stop of the machine itself can lose or
 * reorder unforced writes. That lets the page cache skip forcing at every position move.
 */
final class BootId {

    private static final Path LINUX = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {
    }

    /** This boot's id, or null where the system does not tell (then the cache forces every move). */
    static @Nullable UUID current() {
        try {
            return UUID.fromString(Files.readString(LINUX).trim());
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }
}
