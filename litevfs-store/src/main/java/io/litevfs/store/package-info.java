/**
 * The page store's storage engine (the module {@code litevfs-store}), free of Spring, HTTP and S3.
 * {@link io.litevfs.store.PageStore} is the facade the web layer uses: every database of every cluster,
 * uploads, reads, changes and compaction.
 * Below it, one package per concern, each depending only on those listed before it:
 * <ul>
 *   <li>{@code history}: the model, a database and its history of verified files, with its invariants;</li>
 *   <li>{@code local}: the disk layout, durable writes, history on disk, loading at start-up;</li>
 *   <li>{@code lease}: write leases and their rules;</li>
 *   <li>{@code upload}: receiving, verifying and committing an upload;</li>
 *   <li>{@code compaction}: retention, merging windows and folding into the snapshot;</li>
 *   <li>{@code restore} (above the facade): restoring to a point, replacing the content.</li>
 * </ul>
 * History in a bucket shared by replicas ({@code store.bucket}, above the facade) and the S3 client
 * ({@code store.s3}) are the module {@code litevfs-store-s3}. The disk layout is documented in {@link io.litevfs.store.local.StoreLayout}.
 */
@NullMarked
package io.litevfs.store;

import org.jspecify.annotations.NullMarked;
