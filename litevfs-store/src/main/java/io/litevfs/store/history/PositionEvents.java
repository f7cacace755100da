package io.litevfs.store.history;

import io.litevfs.protocol.Pos;

/**
 * Told of every new position of a database once it is durable and visible: an upload this store accepted,
 * or what it learned another replica committed. The server streams them to clients (the push extension);
 * a listener must not block, for it is called on the writer's thread.
 */
@FunctionalInterface
public interface PositionEvents {

    /** Tells no one: for a store whose clients only poll. */
    PositionEvents NONE = (cluster, database, pos) -> { };

    void publish(String cluster, String database, Pos pos);
}
