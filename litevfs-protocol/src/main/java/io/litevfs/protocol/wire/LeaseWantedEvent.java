package io.litevfs.protocol.wire;

/**
 * An event of the push extension ({@code event: lease-wanted}): a writer asked for the write lease of a
 * database and was refused because another one holds it. A holder that keeps the lease only to save the
 * next acquire (lingering, with no write under way) gives it back at once, so the asker need not wait
 * out the linger.
 *
 * @param db database name
 */
public record LeaseWantedEvent(String db) implements StoreEvent {

    /** The SSE event name. */
    public static final String NAME = "lease-wanted";
}
