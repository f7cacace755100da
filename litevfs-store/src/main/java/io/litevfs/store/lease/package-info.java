/**
 * Write leases: their rules ({@link io.litevfs.store.lease.Leases}) over a book that records
 * them, in memory for one store or in the bucket for replicas (in {@code store.bucket}).
 */
@NullMarked
package io.litevfs.store.lease;

import org.jspecify.annotations.NullMarked;
