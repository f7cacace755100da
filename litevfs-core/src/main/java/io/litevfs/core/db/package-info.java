/**
 * Databases served by the VFS: per database its position, cache, locks and pending changes; per
 * connection its file; the prefetcher; the sync loop; the pragmas.
 */
@NullMarked
package io.litevfs.core.db;

import org.jspecify.annotations.NullMarked;
