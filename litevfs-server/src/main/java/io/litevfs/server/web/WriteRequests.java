package io.litevfs.server.web;

import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.store.PageStore;
import io.litevfs.store.lease.Leases;
import io.litevfs.store.local.ClusterIds;
import io.litevfs.store.upload.WriteGuard;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the requests that write share ({@code POST /db/tx}, {@code /db/upload}, {@code /db/restore}): the
 * writer's cluster id is checked, the write is guarded by the lease rules for the lease it names
 * ({@code Lfsc-Lease-Id}), and a body is received whole before any storage work (bounded in size by
 * {@code litevfs.server.max-upload-size} and in time, see {@link ReceivedBody}), the work then running on
 * a worker thread and the body deleted when it ends. Where a lease check costs no request it is also made
 * before the body is read, so a refused writer sends nothing more.
 */
@Component
final class WriteRequests {

    /** The storage work of a write, given its body received whole and its lease guard. */
    @FunctionalInterface
    interface BodyWrite<T> {
        T apply(ReceivedBody body, WriteGuard guard) throws Exception;
    }

    private final PageStore store;
    private final Leases leases;
    private final ClusterIds clusterIds;
    private final EndpointLimits limits;

    WriteRequests(PageStore store, Leases leases, ClusterIds clusterIds, EndpointLimits limits) {
        this.store = store;
        this.leases = leases;
        this.clusterIds = clusterIds;
        this.limits = limits;
    }

    /** Checks the writer's cluster id; returns the lease check of its write to {@code name}. */
    WriteGuard guard(ServerWebExchange exchange, String cluster, String name) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        clusterIds.checkWriter(cluster, headers.getFirst(LfscHeaders.CLUSTER_ID));
        String named = headers.getFirst(LfscHeaders.LEASE_ID);
        String leaseId = named == null || named.isBlank() ? null : named;
        return () -> leases.checkWrite(cluster, name, leaseId);
    }

    /** Receives the request's body, then runs {@code write} with it on a worker thread. */
    <T> Mono<T> withBody(ServerWebExchange exchange, String cluster, String name, BodyWrite<T> write) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long limit = limits.maxUploadSize();
        if (headers.getContentLength() > limit) {
            throw LimitedInputStream.tooLarge(limit);
        }
        WriteGuard guard = guard(exchange, cluster, name);
        if (leases.checksAreLocal()) {
            guard.admit();
        }
        return ReceivedBody.receive(exchange.getRequest().getBody(), headers.getContentLength(), limit,
                        limits.bodyReadTimeout(), store.incomingFile())
                .flatMap(received -> Mono.fromCallable(() -> write.apply(received, guard))
                        .subscribeOn(Schedulers.boundedElastic())
                        .doFinally(signal -> received.discard()));
    }
}
