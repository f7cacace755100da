package io.litevfs.store.upload;

/**
 * What the store lets one upload or one cluster take of its disk.
 *
 * @param maxDatabaseBytes       largest database, pages times page size
 * @param maxUploadPageBytes     most page bytes one upload may carry once decompressed
 * @param maxDatabasesPerCluster most databases one cluster may have
 */
public record StoreLimits(long maxDatabaseBytes, long maxUploadPageBytes, int maxDatabasesPerCluster) {

    /** The defaults of {@code litevfs.server.limits}: 64 GiB, 4 GiB, 10,000. */
    public static final StoreLimits DEFAULT = new StoreLimits(64L << 30, 4L << 30, 10_000);

    public StoreLimits {
        if (maxDatabaseBytes < 1 || maxUploadPageBytes < 1 || maxDatabasesPerCluster < 1) {
            throw new IllegalArgumentException("litevfs.server.limits: database size, upload pages and databases "
                    + "per cluster must each be at least 1");
        }
    }
}
