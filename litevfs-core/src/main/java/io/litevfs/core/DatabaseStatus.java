package io.litevfs.core;

import io.litevfs.core.cache.CacheStats;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What one database of a LiteVFS instance looks like now.
 *
 * @param name           database name
 * @param position       the position connections read at
 * @param storePosition  the store's position as last heard
 * @param lastSync       when the store last answered a sync for it, if ever
 * @param cache          cache figures
 * @param remoteRequests page requests sent to the store
 * @param bytesFetched   page bytes received from the store
 * @param openFiles      connections that have it open
 * @param originalRequests the page requests the original LiteVFS 0.1.1 would have made for the same reads, from a
 *                         model of its prefetching that bounds ours (never exceeded, short of cache
 *                         evictions; see {@code RequestBound})
 * @param originalPages  the pages those requests would have named (a page named twice counts twice)
 */
public record DatabaseStatus(String name, Pos position, Pos storePosition, @Nullable Instant lastSync, CacheStats cache,
                             long remoteRequests, long bytesFetched, int openFiles, long originalRequests,
                             long originalPages) {
}
