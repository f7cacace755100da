package io.litevfs.store.upload;

import io.litevfs.store.history.StoreException;

/**
 * A check that a write may go ahead (the lease rules), made once an upload is received and verified,
 * just before it becomes visible, so that a lease lost during a long upload stops it. (Where the check is
 * cheap the endpoint also makes it before receiving the body, see {@code Leases.checksAreLocal}.)
 */
@FunctionalInterface
public interface WriteGuard {

    /**
     * Admits the write, or refuses it by throwing {@link StoreException}; an admitted write may also be
     * acknowledged before it reaches the bucket when this returns true (write-behind, see {@code Leases}).
     */
    boolean admit();

    WriteGuard NONE = () -> false;
}
