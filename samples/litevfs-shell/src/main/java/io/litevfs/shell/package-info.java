/**
 * A sqlite3-like shell on LiteVFS databases.
 */
@NullMarked
package io.litevfs.shell;

import org.jspecify.annotations.NullMarked;
