/**
 * The local disk: its layout ({@link io.litevfs.store.local.StoreLayout} names every directory),
 * durable writes (force, publish, the commit log), history kept on disk as the store's only copy
 * ({@link io.litevfs.store.local.LocalHistory}), and loading a database from its directory,
 * verifying every file again.
 */
@NullMarked
package io.litevfs.store.local;

import org.jspecify.annotations.NullMarked;
