/**
 * The model: one database and its history of verified files ({@link io.litevfs.store.history.Database},
 * whose methods are the only way that history changes and which checks its invariants), the files
 * themselves ({@link io.litevfs.store.history.StoredFile}), page versions and checksums, reads as of
 * any position kept, change lists and snapshots, names, and the refusals the store answers with. It
 * depends on no other package of the store: where it needs storage it asks the two roles it was given,
 * {@link io.litevfs.store.history.DurableHistory} (keeping history so that it survives) and, where
 * other replicas write too, {@link io.litevfs.store.history.SharedHistory} (following them).
 */
@NullMarked
package io.litevfs.store.history;

import org.jspecify.annotations.NullMarked;
