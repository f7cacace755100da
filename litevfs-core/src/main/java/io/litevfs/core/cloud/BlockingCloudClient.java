package io.litevfs.core.cloud;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.StoreEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The store's API as the database code calls it: plain blocking methods, each bounded by
 * {@link Await} (a call with its retries may take {@link Await#call} of the request timeout; an upload
 * more, by its size), over the reactive {@link CloudClient} that does the HTTP. This is where Reactor
 * ends: nothing past it sees a {@code Mono} or a {@code Flux}.
 *
 * <p>Callbacks never run on a network thread: a read-ahead's answer and the position events are handed
 * on to Reactor's bounded-elastic threads, since what they do next (decode, write the cache, sync) blocks.
 */
public final class BlockingCloudClient {

    private static final Logger log = LoggerFactory.getLogger(BlockingCloudClient.class);
    private static final Duration FIRST_EVENTS_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_EVENTS_RETRY = Duration.ofSeconds(30);

    private final CloudClient client;
    private final Duration requestTimeout;

    /** @param requestTimeout how long one attempt of a request may take (the reactive client's own timeout) */
    public BlockingCloudClient(CloudClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** How long one attempt of a request may take. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The reactive client underneath. */
    public CloudClient reactive() {
        return client;
    }

    /** Every database of the cluster with its position ({@code GET /pos}). */
    public Map<String, Pos> positions() {
        return orEmpty(Await.result(client.positions(), limit(), "GET /pos"), Map.of());
    }

    /**
     * Pages of {@code database} as of {@code pos}; pages past the end are left out. Every answer is checked
     * ({@link PageAnswerCheck}); one that fails is asked for once more, since a page damaged on the way
     * comes right the next time, and refused if it fails again.
     *
     * @throws CloudException {@link CloudException#BAD_RESPONSE} when the answer fails its checks twice
     */
    public List<PageData> pages(String database, Pos pos, long[] pgnos) {
        try {
            return verifiedPages(database, pos, pgnos);
        } catch (CloudException e) {
            if (!CloudException.BAD_RESPONSE.equals(e.code())) {
                throw e;
            }
            log.warn("[cloud] {}; asking once more", e.getMessage());
            return verifiedPages(database, pos, pgnos);
        }
    }

    private List<PageData> verifiedPages(String database, Pos pos, long[] pgnos) {
        return PageAnswerCheck.verified(database, pos, pgnos,
                orEmpty(Await.result(client.pages(database, pos, pgnos), limit(), "GET /db/page of " + database), List.of()));
    }

    /**
     * Asks for pages without waiting for them; the future completes on a thread that may block. Its
     * caller bounds its own wait for it.
     */
    public CompletableFuture<List<PageData>> pagesLater(String database, Pos pos, long[] pgnos) {
        return client.pages(database, pos, pgnos).publishOn(Schedulers.boundedElastic())
                .defaultIfEmpty(List.of()).map(pages -> PageAnswerCheck.verified(database, pos, pgnos, pages)).toFuture();
    }

    /** What changed in {@code database} since {@code since}. */
    public DbChanges changes(String database, Pos since) {
        return changes(database, since, false);
    }

    /**
     * The same, with page 1 at the answer's position when {@code withPage1} and the store gives it; a page 1
     * that fails the checks every page answer gets ({@link PageAnswerCheck}) is left out, with a warning.
     */
    public DbChanges changes(String database, Pos since, boolean withPage1) {
        DbChanges changes = Await.result(client.changes(database, since, withPage1), limit(), "GET /db/sync of " + database);
        if (changes == null) {
            throw new CloudException(0, CloudException.BAD_RESPONSE, "GET /db/sync of " + database
                    + ": the store's answer was empty", null, null);
        }
        return withCheckedPage1(database, ChangesCheck.checked("GET /db/sync", database, changes, since));
    }

    private static DbChanges withCheckedPage1(String database, DbChanges changes) {
        PageData page1 = changes.firstPage();
        if (page1 == null) {
            return changes;
        }
        try {
            PageAnswerCheck.verified(database, changes.pos(), new long[] {1}, List.of(page1));
            return changes;
        } catch (CloudException e) {
            log.warn("[cloud] GET /db/sync of {}: page 1 given with the changes was left out: {}", database, e.getMessage());
            return changes.withoutPage1();
        }
    }

    /**
     * What changed in each database since the position given for it ({@code POST /sync}), each entry
     * checked ({@link ChangesCheck}); an entry that fails is left out and logged, and its database stays
     * where it is until the next sync.
     */
    public Map<String, DbChanges> sync(Map<String, Pos> positions) {
        Map<String, DbChanges> answer = orEmpty(Await.result(client.sync(positions), limit(), "POST /sync"), Map.of());
        Map<String, DbChanges> checked = new HashMap<>(answer.size());
        answer.forEach((database, changes) -> {
            try {
                checked.put(database, ChangesCheck.checked("POST /sync", database, changes,
                        positions.getOrDefault(database, Pos.ZERO)));
            } catch (CloudException refused) {
                log.error("[sync] {}", refused.getMessage());
            }
        });
        return checked;
    }

    public LeaseResponse acquireLease(String database, Duration duration) {
        return present(Await.result(client.acquireLease(database, duration), limit(), "POST /lease of " + database),
                "POST /lease of " + database);
    }

    /** Refreshes a lease; bounded by {@code limit}, which the caller keeps below the lease's remaining time. */
    public LeaseResponse refreshLease(String database, String leaseId, Duration duration, Duration limit) {
        return present(Await.result(client.refreshLease(database, leaseId, duration), limit,
                "POST /lease/refresh of " + database), "POST /lease/refresh of " + database);
    }

    public void releaseLease(String database, String leaseId) {
        Await.result(client.releaseLease(database, leaseId), limit(), "DELETE /lease of " + database);
    }

    /** Restores a database to a point of the store's history under a lease; returns the restore's TXID. */
    public String restore(String database, String leaseId, RestorePoint point) {
        return present(Await.result(client.restore(database, leaseId, point), limit(), "POST /db/restore of " + database),
                "POST /db/restore of " + database);
    }

    /** The position of a point of the store's history. */
    public Pos point(String database, RestorePoint point) {
        return present(Await.result(client.point(database, point), limit(), "GET /db/restore/check of " + database),
                "GET /db/restore/check of " + database);
    }

    /** Uploads one LTX file under a lease: one attempt, bounded by the file's size (see {@link Await#uploadAttempt}). */
    public void upload(String database, String leaseId, LtxUpload ltx) {
        Await.result(client.upload(database, leaseId, ltx), Await.call(Await.uploadAttempt(requestTimeout, ltx.size())),
                "POST /db/tx of " + database);
    }

    /**
     * Follows the store's events until the returned handle is closed: a dropped stream is
     * followed again after 1 s, backing off to 30 s; a store without the push extension (404) ends it,
     * logged once.
     */
    public AutoCloseable followEvents(Consumer<StoreEvent> onEvent) {
        Disposable subscription = client.events()
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(onEvent)
                .doOnSubscribe(s -> log.debug("[sync] subscribed to the store's position events"))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_EVENTS_RETRY).maxBackoff(LONGEST_EVENTS_RETRY)
                        .filter(e -> !(e instanceof CloudException cloud && cloud.status() == 404)))
                .subscribe(ignored -> { }, e -> log.info("[sync] the store has no push extension ({}); polling only",
                        e.getMessage()));
        return subscription::dispose;
    }

    private Duration limit() {
        return Await.call(requestTimeout);
    }

    private static <T> T orEmpty(@Nullable T value, T empty) {
        return value == null ? empty : value;
    }

    private static <T> T present(@Nullable T value, String what) {
        if (value == null) {
            throw new CloudException(0, CloudException.BAD_RESPONSE, what + ": the store's answer was empty", null, null);
        }
        return value;
    }
}
