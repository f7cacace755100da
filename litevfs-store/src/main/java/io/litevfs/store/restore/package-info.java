/**
 * Restoring a database to a point of its history, and replacing its content by an imported file: both
 * become the database's next transaction, so history is never rewritten.
 */
@NullMarked
package io.litevfs.store.restore;

import org.jspecify.annotations.NullMarked;
