package io.litevfs.core;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PositionEvent;
import org.springframework.core.io.Resource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The real client, keeping a copy of every LTX file it uploads and counting its page and changes requests. */
final class RecordingCloudClient implements CloudClient {

    private final CloudClient delegate;
    final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    final AtomicInteger pageRequests = new AtomicInteger();
    /** The most page requests that were on their way at once. */
    final AtomicInteger mostPageRequestsAtOnce = new AtomicInteger();
    private final AtomicInteger pageRequestsOnTheirWay = new AtomicInteger();
    final AtomicInteger changesRequests = new AtomicInteger();

    RecordingCloudClient(CloudClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<String> upload(String database, String leaseId, Resource ltx) {
        try {
            uploads.add(ltx.getContentAsByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return delegate.upload(database, leaseId, ltx);
    }

    @Override
    public Mono<Map<String, Pos>> positions() {
        return delegate.positions();
    }

    @Override
    public Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos) {
        return delegate.pages(database, pos, pgnos)
                .doOnSubscribe(subscription -> {
                    pageRequests.incrementAndGet();
                    mostPageRequestsAtOnce.accumulateAndGet(pageRequestsOnTheirWay.incrementAndGet(), Math::max);
                })
                .doFinally(signal -> pageRequestsOnTheirWay.decrementAndGet());
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since) {
        changesRequests.incrementAndGet();
        return delegate.changes(database, since);
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
    public Flux<PositionEvent> events() {
        return delegate.events();
    }
}
