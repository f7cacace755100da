package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.server.store.ClusterIds;
import io.litevfs.server.store.DatabaseReplacer;
import io.litevfs.server.store.LeaseRegistry;
import io.litevfs.server.store.PageStore;
import io.litevfs.server.store.WriteGuard;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/**
 * {@code POST /db/upload?db=} (LiteFS Cloud's import): the body is a plain SQLite file, which becomes the
 * database's content as one new transaction ({@link DatabaseReplacer}); the answer is
 * {@code {"txID":"<16 hex digits>"}}. Received whole first, bounded like an upload
 * ({@code litevfs.server.max-upload-size}), and under the same lease rules: with another writer's lease
 * live it is refused unless it names that lease ({@code Lfsc-Lease-Id}).
 */
@RestController
class ImportEndpoints {

    /** The answer: the TXID the database reached. */
    record Imported(String txID) {
    }

    private final PageStore store;
    private final DatabaseReplacer replacer;
    private final LeaseRegistry leases;
    private final ClusterIds clusterIds;
    private final EndpointLimits limits;

    ImportEndpoints(PageStore store, LeaseRegistry leases, ClusterIds clusterIds, EndpointLimits limits, Clock clock) {
        this.store = store;
        this.replacer = new DatabaseReplacer(store, clock);
        this.leases = leases;
        this.clusterIds = clusterIds;
        this.limits = limits;
    }

    @PostMapping("/db/upload")
    Mono<Imported> importDatabase(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long limit = limits.maxUploadSize();
        if (headers.getContentLength() > limit) {
            throw LimitedInputStream.tooLarge(limit);
        }
        clusterIds.checkWriter(cluster, headers.getFirst(LfscHeaders.CLUSTER_ID));
        String leaseId = headers.getFirst(LfscHeaders.LEASE_ID);
        String underLease = leaseId == null || leaseId.isBlank() ? null : leaseId;
        WriteGuard guard = () -> leases.checkWrite(cluster, name, underLease);
        if (leases.checksAreLocal()) {
            guard.check();
        }
        return ReceivedBody.receive(exchange.getRequest().getBody(), headers.getContentLength(), limit,
                        limits.bodyReadTimeout(), store.incomingFile())
                .flatMap(received -> Mono.fromCallable(() -> {
                            Pos pos = replacer.replace(cluster, name, received::open, guard);
                            return new Imported(pos.txid().toString());
                        })
                        .subscribeOn(Schedulers.boundedElastic())
                        .doFinally(signal -> received.discard()));
    }
}
