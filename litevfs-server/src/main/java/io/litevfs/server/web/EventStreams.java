package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.LeaseWantedEvent;
import io.litevfs.protocol.wire.PositionEvent;
import io.litevfs.protocol.wire.StoreEvent;
import io.litevfs.store.history.PositionEvents;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams new positions, and refused lease requests, to subscribers, one stream per cluster (the push
 * extension): the store's {@link PositionEvents} as Reactor streams. A slow subscriber misses events rather than holding up writers; clients treat an event only as a hint to sync, and
 * keep polling as the fallback, so a missed event delays them by at most one poll period.
 */
public final class EventStreams implements PositionEvents {

    private final Map<String, Sinks.Many<StoreEvent>> sinks = new ConcurrentHashMap<>();
    private final Sinks.One<Boolean> closing = Sinks.one();

    @Override
    public void publish(String cluster, String database, Pos pos) {
        sink(cluster).tryEmitNext(new PositionEvent(database, pos));
    }

    /** Tells the holder of a database's lease that another writer was refused it (see {@link LeaseWantedEvent}). */
    public void leaseWanted(String cluster, String database) {
        sink(cluster).tryEmitNext(new LeaseWantedEvent(database));
    }

    /** Events of one cluster from now on: new positions and lease-wanted notices. */
    public Flux<StoreEvent> stream(String cluster) {
        return sink(cluster).asFlux();
    }

    /** Emits once when the store shuts down: every stream of events ends then, so none holds the shutdown up. */
    public Mono<Boolean> closing() {
        return closing.asMono();
    }

    /** Ends every stream: the store is shutting down (its clients fall back to polling, or reconnect). */
    public void close() {
        closing.tryEmitValue(true);
        sinks.values().forEach(Sinks.Many::tryEmitComplete);
    }

    private Sinks.Many<StoreEvent> sink(String cluster) {
        return sinks.computeIfAbsent(cluster, c -> Sinks.many().multicast().directBestEffort());
    }
}
