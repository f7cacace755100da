/**
 * Values shared by every part of LiteVFS: transaction ids, checksums, positions and page rules.
 */
@NullMarked
package io.litevfs.protocol;

import org.jspecify.annotations.NullMarked;
