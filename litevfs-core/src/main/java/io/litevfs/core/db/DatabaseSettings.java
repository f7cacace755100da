package io.litevfs.core.db;

import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;

import java.time.Duration;

/**
 * The tunable settings of one database, readable and settable by pragma; starting values come from the
 * {@code LiteVfs} configuration.
 */
public final class DatabaseSettings {

    public static final int MAX_PREFETCH_PAGES_LIMIT = 128;
    public static final int MAX_REQUESTS_PER_QUERY_LIMIT = 65_536;

    private volatile int maxPrefetchPages;
    private volatile int maxRequestsPerQuery;
    private volatile Duration syncPeriod;

    public DatabaseSettings(int maxPrefetchPages, int maxRequestsPerQuery, Duration syncPeriod) {
        maxPrefetchPages(maxPrefetchPages);
        maxRequestsPerQuery(maxRequestsPerQuery);
        syncPeriod(syncPeriod);
    }

    public DatabaseSettings copy() {
        return new DatabaseSettings(maxPrefetchPages, maxRequestsPerQuery, syncPeriod);
    }

    public int maxPrefetchPages() {
        return maxPrefetchPages;
    }

    public void maxPrefetchPages(int pages) {
        require(pages >= 0 && pages <= MAX_PREFETCH_PAGES_LIMIT,
                "litevfs_max_prefetch_pages must be from 0 to " + MAX_PREFETCH_PAGES_LIMIT + ", got " + pages);
        this.maxPrefetchPages = pages;
    }

    public int maxRequestsPerQuery() {
        return maxRequestsPerQuery;
    }

    public void maxRequestsPerQuery(int requests) {
        require(requests >= 1 && requests <= MAX_REQUESTS_PER_QUERY_LIMIT,
                "litevfs_max_reqs_per_query must be from 1 to " + MAX_REQUESTS_PER_QUERY_LIMIT + ", got " + requests);
        this.maxRequestsPerQuery = requests;
    }

    public Duration syncPeriod() {
        return syncPeriod;
    }

    public void syncPeriod(Duration period) {
        require(period.toMillis() >= 10 && period.toHours() < 24,
                "litevfs_cache_sync_period must be from 10 ms to 24 h, got " + period.toMillis() + " ms");
        this.syncPeriod = period;
    }

    static void require(boolean valid, String message) {
        if (!valid) {
            throw new VfsException(SqliteCodes.ERROR, message);
        }
    }
}
