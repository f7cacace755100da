/**
 * The VFS as Java sees it: a file system of databases and their files, with SQLite's result codes.
 * The native side ({@code internal.ffi}) turns SQLite's calls into calls on these interfaces, so that
 * nothing here touches native memory.
 */
@NullMarked
package io.litevfs.core.vfs;

import org.jspecify.annotations.NullMarked;
