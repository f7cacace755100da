package io.litevfs.server.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PositionEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Announces new positions to subscribers, one stream per cluster (the push extension). A slow subscriber
 * misses events rather than holding up writers; clients treat an event only as a hint to sync, and
 * keep polling as the fallback, so a missed event delays them by at most one poll period.
 */
public final class PositionEvents {

    private final Map<String, Sinks.Many<PositionEvent>> sinks = new ConcurrentHashMap<>();
    private final Sinks.One<Boolean> closing = Sinks.one();

    public void publish(String cluster, String database, Pos pos) {
        sink(cluster).tryEmitNext(new PositionEvent(database, pos));
    }

    /** Events of one cluster from now on. */
    public Flux<PositionEvent> stream(String cluster) {
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

    private Sinks.Many<PositionEvent> sink(String cluster) {
        return sinks.computeIfAbsent(cluster, c -> Sinks.many().multicast().directBestEffort());
    }
}
