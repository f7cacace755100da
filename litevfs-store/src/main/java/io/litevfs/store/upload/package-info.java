/**
 * Accepting an upload: its header checked against the store's limits before the database is looked up
 * ({@link io.litevfs.store.upload.UploadCheck}), then in one pass over the body its pages decoded,
 * verified against the database's head, staged and committed through the storage
 * ({@link io.litevfs.store.upload.UploadApplier}), once the lease rules let it
 * ({@link io.litevfs.store.upload.WriteGuard}).
 */
@NullMarked
package io.litevfs.store.upload;

import org.jspecify.annotations.NullMarked;
