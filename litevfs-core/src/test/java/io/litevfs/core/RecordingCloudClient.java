package io.litevfs.core;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;
import io.litevfs.core.cloud.LtxUpload;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The real client, keeping a copy of every LTX file it uploads and counting its page and changes requests. */
final class RecordingCloudClient extends ForwardingCloudClient {
    final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    final AtomicInteger pageRequests = new AtomicInteger();
    final AtomicLong pagesReceived = new AtomicLong();
    /** The most page requests that were on their way at once. */
    final AtomicInteger mostPageRequestsAtOnce = new AtomicInteger();
    private final AtomicInteger pageRequestsOnTheirWay = new AtomicInteger();
    final AtomicInteger changesRequests = new AtomicInteger();
    final AtomicInteger syncRequests = new AtomicInteger();
    private final AtomicBoolean cutNextUploadAnswer = new AtomicBoolean();
    private volatile @Nullable HeldSync nextSyncHeld;

    /**
     * The next {@code POST /sync}, held back twice, as a slow store or network would: the request, once
     * asked, reaches the store only on {@link #letStoreAnswer}; its answer reaches the client only on
     * {@link #release}.
     */
    static final class HeldSync {
        private final CountDownLatch asked = new CountDownLatch(1);
        private final CountDownLatch answered = new CountDownLatch(1);
        private final Sinks.Empty<Void> storeMayAnswer = Sinks.empty();
        private final Sinks.Empty<Void> released = Sinks.empty();
        private volatile Map<String, Pos> askedAt = Map.of();

        /** Waits until the node asks; returns the positions it asks from. */
        Map<String, Pos> awaitAsked(Duration timeout) throws InterruptedException {
            await(asked, timeout, "no sync request was made");
            return askedAt;
        }

        /** Sends the request on to the store and waits for its answer (still held from the client). */
        void letStoreAnswer(Duration timeout) throws InterruptedException {
            storeMayAnswer.tryEmitEmpty();
            await(answered, timeout, "the store did not answer the sync");
        }

        void release() {
            released.tryEmitEmpty();
        }

        private static void await(CountDownLatch latch, Duration timeout, String failure) throws InterruptedException {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(failure + " within " + timeout);
            }
        }
    }

    RecordingCloudClient(CloudClient delegate) {
        super(delegate);
    }

    @Override
    public Mono<String> upload(String database, String leaseId, LtxUpload ltx) {
        uploads.add(ltx.bytes());
        if (!cutNextUploadAnswer.compareAndSet(true, false)) {
            return delegate.upload(database, leaseId, ltx);
        }
        return delegate.upload(database, leaseId, ltx).then(Mono.error(() -> new CloudException(0,
                CloudException.CONNECTION_CUT, "POST /db/tx: the answer was cut (by the test)", null, null)));
    }

    /** The next upload reaches the store, which applies it, but its answer is lost as a cut connection's would be. */
    void cutNextUploadAnswer() {
        cutNextUploadAnswer.set(true);
    }

    @Override
    public Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos) {
        return delegate.pages(database, pos, pgnos)
                .doOnSubscribe(subscription -> {
                    pageRequests.incrementAndGet();
                    mostPageRequestsAtOnce.accumulateAndGet(pageRequestsOnTheirWay.incrementAndGet(), Math::max);
                })
                .doOnNext(pages -> pagesReceived.addAndGet(pages.size()))
                .doFinally(signal -> pageRequestsOnTheirWay.decrementAndGet());
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since) {
        return changes(database, since, false);
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since, boolean withPage1) {
        changesRequests.incrementAndGet();
        return delegate.changes(database, since, withPage1);
    }

    HeldSync holdNextSync() {
        HeldSync held = new HeldSync();
        nextSyncHeld = held;
        return held;
    }

    @Override
    public Mono<Map<String, DbChanges>> sync(Map<String, Pos> positions) {
        syncRequests.incrementAndGet();
        HeldSync held = nextSyncHeld;
        if (held == null) {
            return delegate.sync(positions);
        }
        nextSyncHeld = null;
        held.askedAt = Map.copyOf(positions);
        held.asked.countDown();
        return held.storeMayAnswer.asMono().then(delegate.sync(positions))
                .doOnNext(answer -> held.answered.countDown())
                .delayUntil(answer -> held.released.asMono());
    }
}
