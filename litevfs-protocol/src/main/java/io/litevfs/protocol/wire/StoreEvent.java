package io.litevfs.protocol.wire;

/**
 * An event of the push extension's stream ({@code GET /events}, server-sent events), by its SSE event
 * name: {@code position} ({@link PositionEvent}) or {@code lease-wanted} ({@link LeaseWantedEvent}).
 * Clients ignore event names they do not know.
 */
public sealed interface StoreEvent permits PositionEvent, LeaseWantedEvent {

    /** The database the event is about. */
    String db();
}
