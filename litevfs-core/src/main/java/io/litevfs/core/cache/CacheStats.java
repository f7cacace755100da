package io.litevfs.core.cache;

/**
 * A snapshot of a page cache's figures.
 *
 * @param pages     pages held
 * @param bytes     bytes of page data held
 * @param hits      reads served from the cache
 * @param misses    reads the cache could not serve
 * @param evictions pages dropped to stay within the bounds
 */
public record CacheStats(long pages, long bytes, long hits, long misses, long evictions) {

    /** Hits over all reads, 0 before any read. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }
}
