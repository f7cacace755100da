/**
 * Accepting an upload: its limits, the whole body received and checked before any lock is taken, then
 * verified page by page against the database's head and committed through the storage
 * ({@link io.litevfs.store.upload.UploadApplier}), once the lease rules let it
 * ({@link io.litevfs.store.upload.WriteGuard}).
 */
@NullMarked
package io.litevfs.store.upload;

import org.jspecify.annotations.NullMarked;
