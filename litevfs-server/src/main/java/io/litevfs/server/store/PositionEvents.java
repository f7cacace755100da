package io.litevfs.server.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PositionEvent;
import reactor.core.publisher.Flux;
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

    public void publish(String cluster, String database, Pos pos) {
        sink(cluster).tryEmitNext(new PositionEvent(database, pos));
    }

    /** Events of one cluster from now on. */
    public Flux<PositionEvent> stream(String cluster) {
        return sink(cluster).asFlux();
    }

    private Sinks.Many<PositionEvent> sink(String cluster) {
        return sinks.computeIfAbsent(cluster, c -> Sinks.many().multicast().directBestEffort());
    }
}
