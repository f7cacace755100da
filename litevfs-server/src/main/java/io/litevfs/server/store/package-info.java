/**
 * The page store's storage engine, free of Spring and HTTP: verified, durable transaction history per
 * database, page reads as of any position still in history, change lists, snapshots, leases and
 * position events.
 *
 * <p>On disk, under the data directory: {@code clusters/<cluster>/dbs/<database>/} holds {@code NAME}
 * (the database name), {@code ltx/<min>-<max>.ltx} (one verified, uncompressed LTX file per accepted
 * upload, and one snapshot {@code 0000000000000001-<max>.ltx} that compaction folds old history into)
 * and {@code tmp/} (uploads being received; emptied at start-up).
 */
@NullMarked
package io.litevfs.server.store;

import org.jspecify.annotations.NullMarked;
