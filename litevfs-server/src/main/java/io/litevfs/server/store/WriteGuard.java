package io.litevfs.server.store;

/**
 * A check that a write may go ahead (the lease rules), made when an upload starts and again just before
 * it becomes visible, so that a lease lost during a long upload stops it.
 */
@FunctionalInterface
public interface WriteGuard {

    /** Returns when the write may proceed. @throws StoreException when it may not */
    void check();

    WriteGuard NONE = () -> { };
}
