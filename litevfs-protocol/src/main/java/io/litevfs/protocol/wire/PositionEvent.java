package io.litevfs.protocol.wire;

import io.litevfs.protocol.Pos;

/**
 * One event of the push extension ({@code GET /events}, server-sent events): a database of the cluster
 * moved to a new position. Clients that receive it sync that database at once instead of waiting for
 * their next poll.
 *
 * @param db  database name
 * @param pos its new position
 */
public record PositionEvent(String db, Pos pos) implements StoreEvent {

    /** The SSE event name. */
    public static final String NAME = "position";
}
