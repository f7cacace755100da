/**
 * The local page cache: one memory-mapped slot file per database, persistent, bounded.
 */
@NullMarked
package io.litevfs.core.cache;

import org.jspecify.annotations.NullMarked;
