package io.litevfs.core.cache;

import io.litevfs.protocol.DirectoryLock;

import java.nio.file.Path;

/**
 * One LiteVFS instance's exclusive claim on its cache directory ({@link DirectoryLock}), held from
 * registration to close: two instances sharing a directory would overwrite each other's cached pages and
 * written-but-unshipped pages, so the second one is refused with the directory, the holder and how to give
 * it a directory of its own.
 */
public final class CacheDirectoryLock {

    private CacheDirectoryLock() {
    }

    /** Claims {@code directory} (created if missing) for this instance. @throws IllegalStateException when it is claimed */
    public static DirectoryLock claim(Path directory) {
        return DirectoryLock.claim(directory, "the LiteVFS cache directory", "another LiteVFS instance in this process",
                "every process (and every LiteVFS instance) needs a cache directory of its own: set "
                        + "litevfs.cache.directory (Spring), LITEVFS_CACHE_DIR, or LiteVfs.builder().cacheDirectory(...)");
    }
}
