package io.litevfs.core.db;

import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.LeaseWantedEvent;
import io.litevfs.protocol.wire.PositionEvent;
import io.litevfs.protocol.wire.StoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps open databases fresh: each period, one {@code POST /sync} for every database that is due
 * (each has its own period, by default all the same, so one request covers them all). With the push
 * extension, the store's position events wake the loop at once for the database that moved; polling
 * stays on as the fallback, and is all there is against a store without the extension.
 *
 * <p>Every sync runs on the loop's own thread, whichever signal (the period's end, or a push event)
 * ended its wait; a push event only wakes it. Closing interrupts the thread, ending a sync under way.
 *
 * <p>While the store cannot be reached the loop keeps trying each period (the client retries and its
 * circuit breaker spares the store), cached reads go on, and the first success resumes everything;
 * the failure is logged once, and the recovery once.
 */
public final class Syncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Syncer.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    private final BlockingCloudClient client;
    private final Supplier<Collection<VfsDatabase>> databases;
    private final boolean push;
    private final Thread loop = Thread.ofPlatform().daemon().name("litevfs-sync").unstarted(this::run);
    /** Released by a push event to end the loop's wait early. */
    private final Semaphore wakeup = new Semaphore(0);
    private final Map<String, Long> nextDue = new ConcurrentHashMap<>();
    private volatile boolean failing;
    private volatile boolean closed;
    private @Nullable AutoCloseable events;

    private final Consumer<String> onLeaseWanted;

    /**
     * @param onLeaseWanted told the database of each lease-wanted notice: another writer was refused its
     *                      lease, which this instance holds
     */
    public Syncer(BlockingCloudClient client, Supplier<Collection<VfsDatabase>> databases, boolean push,
                  Consumer<String> onLeaseWanted) {
        this.onLeaseWanted = onLeaseWanted;
        this.client = client;
        this.databases = databases;
        this.push = push;
    }

    public void start() {
        loop.start();
        if (push) {
            events = client.followEvents(this::onEvent);
        }
    }

    private void run() {
        try {
            while (!closed) {
                syncDue();
                if (wakeup.tryAcquire(nextTick().toNanos(), TimeUnit.NANOSECONDS)) {
                    wakeup.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("[sync] loop stopped", e);
        }
    }

    private Duration nextTick() {
        return databases.get().stream().map(db -> db.settings().syncPeriod()).min(Duration::compareTo)
                .filter(period -> period.compareTo(MAX_TICK) < 0).orElse(MAX_TICK);
    }

    private void onEvent(StoreEvent event) {
        switch (event) {
            case PositionEvent position -> onPosition(position);
            case LeaseWantedEvent wanted -> onLeaseWanted.accept(wanted.db());
        }
    }

    private void onPosition(PositionEvent event) {
        for (VfsDatabase database : databases.get()) {
            if (database.name().equals(event.db()) && database.isNews(event.pos())) {
                nextDue.put(database.name(), 0L);
                wakeup.release();
            }
        }
    }

    /** A database in one {@code POST /sync}, with the position it was asked at. */
    private record Asked(VfsDatabase database, Pos at) {
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
        List<Asked> asked = due.values().stream().map(database -> new Asked(database, database.position())).toList();
        Map<String, Pos> positions = new LinkedHashMap<>();
        asked.forEach(question -> positions.put(question.database().name(), question.at()));
        try {
            Map<String, DbChanges> changes = client.sync(positions);
            for (Asked question : asked) {
                DbChanges answer = changes.get(question.database().name());
                if (answer != null) {
                    question.database().offer(answer, question.at());
                } else {
                    log.warn("[sync] db={}: the store's answer has no entry for it; it stays at {} until the next sync",
                            question.database().name(), question.at());
                }
            }
            if (failing) {
                failing = false;
                log.info("[sync] the store answers again; {} database(s) in sync", due.size());
            }
        } catch (CloudException | IllegalStateException e) {
            if (closed) {
                return;
            }
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
        loop.interrupt();
        if (events != null) {
            try {
                events.close();
            } catch (Exception e) {
                log.debug("[sync] closing the position events failed: {}", e.getMessage());
            }
        }
    }
}
