package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.lease.Leases;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * Write leases: {@code POST /lease} acquires (no {@code id}) or refreshes (with {@code id});
 * {@code DELETE /lease} releases. Each runs on a worker thread: the records may be in a bucket.
 * Acquiring a lease on a database that does not exist creates it,
 * empty, so that it appears in {@code GET /pos} at the zero position. An acquire refused because
 * another writer holds the lease is announced on {@code /events} ({@code lease-wanted}), so that a holder
 * keeping it only in case of more writes gives it back at once.
 */
@RestController
class LeaseEndpoints {

    private final Leases leases;
    private final EventStreams events;
    private final PageStore store;
    private final EndpointLimits limits;

    LeaseEndpoints(Leases leases, PageStore store, EndpointLimits limits, EventStreams events) {
        this.events = events;
        this.leases = leases;
        this.store = store;
        this.limits = limits;
    }

    @PostMapping("/lease")
    Mono<LeaseResponse> acquireOrRefresh(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                                         @RequestParam(required = false) @Nullable String id,
                                         @RequestParam(required = false) @Nullable String duration) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        Duration leaseDuration = QueryParameters.leaseDuration(duration, limits.maxLeaseDuration());
        if (id != null && !id.isBlank()) {
            return Mono.fromCallable(() -> {
                Leases.Lease lease = leases.refresh(cluster, name, id, leaseDuration);
                return LeaseResponse.of(lease.id(), lease.expiresAt());
            }).subscribeOn(Schedulers.boundedElastic());
        }
        return Mono.fromCallable(() -> {
            store.open(cluster, name);
            try {
                Leases.Lease lease = leases.acquire(cluster, name, leaseDuration);
                return LeaseResponse.of(lease.id(), lease.expiresAt());
            } catch (StoreException refused) {
                if (refused.code() == ErrorCode.ELEASEEXISTS) {
                    events.leaseWanted(cluster, name);
                }
                throw refused;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @DeleteMapping("/lease")
    Mono<ResponseEntity<Void>> release(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                                       @RequestParam(required = false) @Nullable String id) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        String leaseId = QueryParameters.required(id, "id");
        return Mono.fromCallable(() -> {
            leases.release(cluster, name, leaseId);
            return ResponseEntity.ok().<Void>build();
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
