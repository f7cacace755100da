package io.litevfs.core;

import io.litevfs.core.db.LeaseKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's hold on the write lease of a database, from {@link LiteVfs#writeLease}. The instance holds
 * the store's lease while any hold on it is open, so concurrent users (threads writing under
 * {@link LiteVfs#withWriteLease}, a transaction manager, the SQL pragma) never release it under each
 * other. Closing twice is the same as once.
 */
public final class WriteLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteLease.class);

    private final LeaseKeeper keeper;
    private final String database;

    WriteLease(LeaseKeeper keeper, String database) {
        this.keeper = keeper;
        this.database = database;
    }

    public String database() {
        return database;
    }

    /** Whether the lease is live (it can be lost when the store cannot be reached to refresh it). */
    public boolean isHeld() {
        return keeper.heldId(database) != null;
    }

    /**
     * Ends this hold; the last one gives the lease back to the store. Never throws: a lease whose release
     * fails ends by itself when it expires.
     */
    @Override
    public void close() {
        try {
            keeper.release(database, this);
        } catch (RuntimeException e) {
            log.warn("[lease] db={}: releasing the lease failed ({}); it ends by itself when it expires", database,
                    e.getMessage());
        }
    }
}
