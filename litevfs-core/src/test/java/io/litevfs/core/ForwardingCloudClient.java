package io.litevfs.core;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.LtxUpload;
import io.litevfs.core.cloud.RestorePoint;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.StoreEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A client that passes every call to the real one; the tests' clients override what they watch or change. */
abstract class ForwardingCloudClient implements CloudClient {

    final CloudClient delegate;

    ForwardingCloudClient(CloudClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Map<String, Pos>> positions() {
        return delegate.positions();
    }

    @Override
    public Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos) {
        return delegate.pages(database, pos, pgnos);
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since) {
        return delegate.changes(database, since);
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since, boolean withPage1) {
        return delegate.changes(database, since, withPage1);
    }

    @Override
    public Mono<Map<String, DbChanges>> sync(Map<String, Pos> positions) {
        return delegate.sync(positions);
    }

    @Override
    public Mono<LeaseResponse> acquireLease(String database, Duration duration) {
        return delegate.acquireLease(database, duration);
    }

    @Override
    public Mono<LeaseResponse> refreshLease(String database, String leaseId, Duration duration) {
        return delegate.refreshLease(database, leaseId, duration);
    }

    @Override
    public Mono<Void> releaseLease(String database, String leaseId) {
        return delegate.releaseLease(database, leaseId);
    }

    @Override
    public Mono<String> upload(String database, String leaseId, LtxUpload ltx) {
        return delegate.upload(database, leaseId, ltx);
    }

    @Override
    public Mono<String> restore(String database, String leaseId, RestorePoint point) {
        return delegate.restore(database, leaseId, point);
    }

    @Override
    public Mono<Pos> point(String database, RestorePoint point) {
        return delegate.point(database, point);
    }

    @Override
    public Flux<StoreEvent> events() {
        return delegate.events();
    }
}
