/**
 * Write leases for Spring transactions: a non-read-only transaction on a LiteVFS DataSource holds the
 * database's lease.
 */
@NullMarked
package io.litevfs.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
