package io.litevfs.store;

/**
 * Told that another replica of the store committed to a database (a peer's notification), so that this
 * replica catches up from shared storage soon rather than at its next poll. Only a store whose storage
 * other replicas write has one.
 */
@FunctionalInterface
public interface ReplicaHints {

    void changed(String cluster, String database);
}
