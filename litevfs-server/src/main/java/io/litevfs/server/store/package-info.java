/**
 * The page store's storage engine, free of Spring and HTTP. {@link io.litevfs.server.store.PageStore} is
 * the facade the web layer uses: every database of every cluster, uploads, reads, changes and compaction.
 * Below it, one package per concern, each depending only on those listed before it:
 * <ul>
 *   <li>{@code history}: the model, a database and its history of verified files, with its invariants;</li>
 *   <li>{@code local}: the disk layout, durable writes, history on disk, loading at start-up;</li>
 *   <li>{@code lease}: write leases and their rules;</li>
 *   <li>{@code upload}: receiving, verifying and committing an upload;</li>
 *   <li>{@code compaction}: retention, merging windows and folding into the snapshot;</li>
 *   <li>{@code restore} (above the facade): restoring to a point, replacing the content;</li>
 *   <li>{@code bucket} (above the facade): history in a bucket shared by replicas.</li>
 * </ul>
 * The disk layout is documented in {@link io.litevfs.server.store.local.StoreLayout}.
 */
@NullMarked
package io.litevfs.server.store;

import org.jspecify.annotations.NullMarked;
