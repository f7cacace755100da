package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.InfoResponse;
import io.litevfs.protocol.wire.LeaseWantedEvent;
import io.litevfs.protocol.wire.PositionEvent;
import io.litevfs.protocol.wire.StoreEvent;
import io.litevfs.protocol.wire.SyncRequest;
import io.litevfs.protocol.wire.SyncResponse;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.Names;
import io.litevfs.store.local.ClusterIds;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster-wide endpoints: {@code GET /pos}, {@code POST /sync}, {@code GET /hwm}, {@code GET /info},
 * and the push extension {@code GET /events}.
 */
@RestController
class ClusterEndpoints {

    /** Keeps idle event streams open through proxies that close silent connections. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Databases one {@code POST /sync} may have looked for in durable storage. */
    private static final int STORAGE_LOOKUPS_PER_SYNC = 64;

    private final PageStore store;
    private final EventStreams events;
    private final ClusterIds clusterIds;

    ClusterEndpoints(PageStore store, EventStreams events, ClusterIds clusterIds) {
        this.store = store;
        this.events = events;
        this.clusterIds = clusterIds;
    }

    /** Every database of the cluster with its position. */
    @GetMapping("/pos")
    Map<String, Pos> positions(ServerWebExchange exchange) {
        return store.positions(ClusterAccess.cluster(exchange));
    }

    /**
     * Changes since the client's position for each database it names; an entry for every one. Databases
     * this replica has not seen are looked for in durable storage, the first {@value #STORAGE_LOOKUPS_PER_SYNC}
     * of one request only: a request naming thousands must not turn into as many requests to a bucket.
     */
    @PostMapping("/sync")
    Mono<SyncResponse> sync(ServerWebExchange exchange, @RequestBody SyncRequest request,
                            @RequestParam(name = DbChanges.CHECKSUMS_PARAMETER, required = false) boolean checksums) {
        String cluster = ClusterAccess.cluster(exchange);
        Map<String, Pos> positions = request.positions() == null ? Map.of() : request.positions();
        positions.keySet().forEach(Names::requireDatabase);
        return Mono.fromCallable(() -> {
            Map<String, DbChanges> changes = new LinkedHashMap<>();
            int lookUps = 0;
            for (Map.Entry<String, Pos> position : positions.entrySet()) {
                boolean unseen = store.loaded(cluster, position.getKey()) == null;
                boolean lookInStorage = unseen && lookUps++ < STORAGE_LOOKUPS_PER_SYNC;
                Pos since = position.getValue() == null ? Pos.ZERO : position.getValue();
                changes.put(position.getKey(), store.changesSince(cluster, position.getKey(), since, lookInStorage,
                        checksums));
            }
            return new SyncResponse(changes);
        }).subscribeOn(Schedulers.boundedElastic());
    }


    /** The high-water mark of each database: every acknowledged TXID is durable, so it is the current TXID. */
    @GetMapping("/hwm")
    Map<String, String> highWaterMarks(ServerWebExchange exchange) {
        Map<String, String> marks = new LinkedHashMap<>();
        store.positions(ClusterAccess.cluster(exchange)).forEach((name, pos) -> marks.put(name, pos.txid().toString()));
        return marks;
    }

    @GetMapping("/info")
    InfoResponse info(ServerWebExchange exchange) {
        return new InfoResponse(clusterIds.recorded(ClusterAccess.cluster(exchange)));
    }

    /**
     * The push extension: server-sent events, first the current position of every database, then one
     * event per new position ({@code position}) and per refused lease request ({@code lease-wanted}), with
     * a comment every 15 s while idle; it ends when the store shuts down, so
     * an open stream never holds up a graceful shutdown.
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<StoreEvent>> events(ServerWebExchange exchange) {
        String cluster = ClusterAccess.cluster(exchange);
        Flux<StoreEvent> changes = events.stream(cluster);
        Flux<StoreEvent> current = Flux.defer(() -> Flux.fromIterable(store.positions(cluster).entrySet())
                .map(entry -> new PositionEvent(entry.getKey(), entry.getValue())));
        Flux<ServerSentEvent<StoreEvent>> storeEvents = Flux.concat(current, changes)
                .map(event -> ServerSentEvent.builder(event).event(switch (event) {
                    case PositionEvent _ -> PositionEvent.NAME;
                    case LeaseWantedEvent _ -> LeaseWantedEvent.NAME;
                }).build());
        Flux<ServerSentEvent<StoreEvent>> heartbeats = Flux.interval(HEARTBEAT)
                .map(tick -> ServerSentEvent.<StoreEvent>builder().comment("heartbeat").build());
        return Flux.merge(storeEvents, heartbeats).takeUntilOther(events.closing());
    }
}
