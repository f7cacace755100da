package io.litevfs.store;

import io.litevfs.store.history.PositionEvents;
import io.litevfs.testing.FaultyFileSystem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Stores on a {@link FaultyFileSystem}, with their commit log or without it. */
final class FaultyDiskStores {

    private FaultyDiskStores() {
    }

    /**
     * A store on {@code disk}'s root. Without {@code commitLog}, the store opens on a disk too full for the
     * log's two preallocated files, so that every upload takes the other way to durability (forced,
     * renamed, its directory forced); either way the disk has room again when this returns.
     */
    static PageStore open(FaultyFileSystem disk, boolean commitLog) throws IOException {
        if (!commitLog) {
            disk.diskFullAfter(1 << 20);
        }
        try {
            return reopen(disk.root());
        } finally {
            disk.freeSpace();
        }
    }

    /** The store on {@code data} as a restart opens it. */
    static PageStore reopen(Path data) throws IOException {
        return PageStore.onLocalDisk(data, Clock.systemUTC(), PositionEvents.NONE);
    }
}
