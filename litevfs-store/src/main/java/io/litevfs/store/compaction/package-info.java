/**
 * Bounding history by a retention policy: windows of a level merged into their points, and what is older
 * than every level folded into the snapshot. Each file is written and made durable before it replaces
 * the files it holds.
 */
@NullMarked
package io.litevfs.store.compaction;

import org.jspecify.annotations.NullMarked;
