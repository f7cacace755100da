package io.litevfs.core.db;

import io.litevfs.core.cloud.Await;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.PositionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps open databases fresh: each period, one {@code POST /sync} for every database that is due
 * (each has its own period, by default all the same, so one request covers them all). With the push
 * extension, the store's position events wake the loop at once for the database that moved; polling
 * stays on as the fallback, and is all there is against a store without the extension.
 *
 * <p>Every sync runs on the loop's own scheduler, whichever signal (timer or push event, the latter on a
 * network thread) ended the wait: syncing blocks, and network threads must never block.
 *
 * <p>While the store cannot be reached the loop keeps trying each period (the client retries and its
 * circuit breaker spares the store), cached reads go on, and the first success resumes everything;
 * the failure is logged once, and the recovery once.
 */
public final class Syncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Syncer.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    private final CloudClient client;
    private final Supplier<Collection<VfsDatabase>> databases;
    private final boolean push;
    private final Duration requestTimeout;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 64, "litevfs-sync");
    private final Sinks.Many<String> wakeups = Sinks.many().multicast().directBestEffort();
    private final Map<String, Long> nextDue = new ConcurrentHashMap<>();
    private volatile boolean failing;
    private volatile boolean closed;
    private Disposable loop;
    private Disposable events;

    public Syncer(CloudClient client, Supplier<Collection<VfsDatabase>> databases, boolean push, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.databases = databases;
        this.push = push;
    }

    public void start() {
        loop = Flux.defer(() -> Mono.fromRunnable(this::syncDue).subscribeOn(scheduler).then(waitForNextTick()))
                .repeat()
                .subscribe(ignored -> { }, e -> log.error("[sync] loop stopped", e));
        if (push) {
            events = client.events()
                    .doOnNext(this::onEvent)
                    .doOnSubscribe(s -> log.debug("[sync] subscribed to the store's position events"))
                    .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                            .maxBackoff(Duration.ofSeconds(30))
                            .filter(e -> !(e instanceof CloudException cloud && cloud.status() == 404)))
                    .subscribe(ignored -> { }, e -> log.info("[sync] the store has no push extension ({}); polling only",
                            e.getMessage()));
        }
    }

    private Mono<Void> waitForNextTick() {
        Duration tick = databases.get().stream().map(db -> db.settings().syncPeriod()).min(Duration::compareTo)
                .filter(period -> period.compareTo(MAX_TICK) < 0).orElse(MAX_TICK);
        return Mono.firstWithSignal(Mono.delay(tick, scheduler).then(), wakeups.asFlux().next().then());
    }

    private void onEvent(PositionEvent event) {
        for (VfsDatabase database : databases.get()) {
            if (database.name().equals(event.db()) && database.isNews(event.pos())) {
                nextDue.put(database.name(), 0L);
                wakeups.tryEmitNext(event.db());
            }
        }
    }

    /** One sync of every due database; never throws. */
    void syncDue() {
        long now = System.nanoTime();
        Map<String, VfsDatabase> due = new LinkedHashMap<>();
        for (VfsDatabase database : databases.get()) {
            if (database.openFiles() > 0 && nextDue.getOrDefault(database.name(), 0L) - now <= 0) {
                due.put(database.name(), database);
                nextDue.put(database.name(), now + database.settings().syncPeriod().toNanos());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Map<String, Pos> positions = new LinkedHashMap<>();
        due.forEach((name, database) -> positions.put(name, database.position()));
        try {
            Map<String, DbChanges> changes = Await.result(client.sync(positions), Await.call(requestTimeout), "POST /sync");
            due.forEach((name, database) -> database.offer(changes == null || !changes.containsKey(name)
                    ? DbChanges.everything(Pos.ZERO) : changes.get(name), positions.get(name)));
            if (failing) {
                failing = false;
                log.info("[sync] the store answers again; {} database(s) in sync", due.size());
            }
        } catch (CloudException | IllegalStateException e) {
            if (!failing) {
                failing = true;
                log.warn("[sync] cannot sync with the store: {}; cached pages keep being served, retrying every period",
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("[sync] unexpected failure", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.dispose();
        }
        if (events != null) {
            events.dispose();
        }
        scheduler.dispose();
    }
}
