package io.litevfs.store.upload;

import io.litevfs.store.history.StoreException;

/**
 * A check that a write may go ahead (the lease rules), made once an upload is received and verified,
 * just before it becomes visible, so that a lease lost during a long upload stops it. (Where the check is
 * cheap the endpoint also makes it before receiving the body, see {@code LeaseRegistry.checksAreLocal}.)
 */
@FunctionalInterface
public interface WriteGuard {

    /**
     * Returns when the write may proceed: true when it may also be acknowledged before it reaches the
     * bucket (write-behind, see {@code LeaseRegistry}). @throws StoreException when it may not
     */
    boolean check();

    WriteGuard NONE = () -> false;
}
