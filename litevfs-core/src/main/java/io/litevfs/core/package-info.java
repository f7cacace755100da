/**
 * LiteVFS for sqlite-jdbc: {@link LiteVfs} registers the VFS, and
 * {@code jdbc:sqlite:file:<database>?vfs=litevfs} opens a database of the page store through it.
 */
@NullMarked
package io.litevfs.core;

import org.jspecify.annotations.NullMarked;
