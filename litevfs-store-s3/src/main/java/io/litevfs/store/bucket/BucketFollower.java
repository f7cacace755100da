package io.litevfs.store.bucket;

import io.litevfs.store.PageStore;
import io.litevfs.store.ReplicaHints;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.PositionEvents;
import io.litevfs.store.s3.BucketUnavailableException;
import io.litevfs.store.upload.StoreLimits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a replica's databases in step with the bucket: at start-up every database in the bucket is
 * loaded (each object downloaded and verified); afterwards, every poll interval, databases other
 * replicas created are found and every database catches up ({@link BucketHistory#catchUp}). A hint
 * that a database changed (a peer's notification) makes it catch up at once; hints for one database
 * coalesce, so a flood of them costs at most one listing per database at a time.
 *
 * <p>Before anything is loaded, what this replica acknowledged before it last stopped and had not put in
 * the bucket yet is put there (write-behind). While the bucket is unreachable, reads of what this replica holds go on; the failure is logged
 * once when it starts and once when the bucket answers again.
 */
public final class BucketFollower implements ReplicaHints, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BucketFollower.class);

    private final PageStore store;
    private final BucketHistory history;
    private final ScheduledExecutorService executor;
    private final Set<String> hinted = ConcurrentHashMap.newKeySet();
    private volatile boolean unreachable;

    private BucketFollower(PageStore store, BucketHistory history) {
        this.store = store;
        this.history = history;
        this.executor = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().name("litevfs-bucket-follower").daemon().factory());
    }

    /** Opens a store on the bucket, loading every database it holds, then follows it every {@code pollInterval}. */
    public static BucketFollower start(Path dataDirectory, Clock clock, PositionEvents events, StoreLimits limits,
                                       BucketHistory history, Duration pollInterval) throws IOException {
        history.putLeftBehind();
        PageStore store = new PageStore(dataDirectory, clock, events, limits, history, history);
        BucketFollower follower = new BucketFollower(store, history);
        follower.discover();
        long interval = pollInterval.toMillis();
        follower.executor.scheduleWithFixedDelay(follower::pollQuietly, interval, interval, TimeUnit.MILLISECONDS);
        return follower;
    }

    public PageStore store() {
        return store;
    }

    /** Makes one database catch up soon, coalescing with hints already waiting. */
    @Override
    public void changed(String cluster, String name) {
        Database database = store.loaded(cluster, name);
        String key = cluster + '/' + name;
        if (!hinted.add(key)) {
            return;
        }
        executor.execute(() -> {
            hinted.remove(key);
            try {
                if (database != null) {
                    database.catchUp();
                } else {
                    discover();
                }
            } catch (IOException | RuntimeException e) {
                log.warn("[store] db={}/{}: cannot catch up after a peer's notification: {}", Names.forLog(cluster),
                        Names.forLog(name), e.toString());
            }
        });
    }

    /**
     * One round: databases created elsewhere are loaded, every database catches up, and objects compaction
     * could not delete while the bucket was away are deleted.
     */
    void poll() throws IOException {
        discover();
        for (Database database : store.databases()) {
            database.catchUp();
        }
        history.deleteLeftovers();
    }

    private void pollQuietly() {
        try {
            poll();
            if (unreachable) {
                unreachable = false;
                log.info("[store] the bucket answers again; following it");
            }
        } catch (BucketUnavailableException e) {
            if (!unreachable) {
                unreachable = true;
                log.error("[store] cannot follow the bucket; reads go on from what this replica holds, writes fail "
                        + "with 503 until it answers: {}", e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            log.error("[store] following the bucket failed; retrying next round", e);
        }
    }

    /** Loads every database of the bucket not known here yet. */
    private void discover() throws IOException {
        for (String clusterFolder : history.bucket().listFolders(BucketKeys.clusters())) {
            String cluster = Names.fromDisk(lastSegment(clusterFolder));
            Map<String, Database> known = Map.copyOf(knownIn(cluster));
            for (String databaseFolder : history.bucket().listFolders(BucketKeys.databases(clusterFolder))) {
                if (isKnown(known, databaseFolder)) {
                    continue;
                }
                String name = history.nameIn(databaseFolder);
                if (name == null) {
                    continue;
                }
                Database database = store.follow(cluster, name);
                database.keep();
                database.catchUp();
                log.info("[store] loaded db={}/{} pos={} files={} from the bucket", cluster, name, database.pos(),
                        database.historyLength());
            }
        }
    }

    private Map<String, Database> knownIn(String cluster) {
        Map<String, Database> known = new ConcurrentHashMap<>();
        for (Database database : store.databases()) {
            if (database.cluster().equals(cluster)) {
                known.put(BucketKeys.database(cluster, database.name()), database);
            }
        }
        return known;
    }

    private static boolean isKnown(Map<String, Database> known, String databaseFolder) {
        @Nullable Database database = known.get(databaseFolder);
        return database != null;
    }

    private static String lastSegment(String folder) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /**
     * Whether this replica's acknowledged writes of a database are all in the bucket, put there now when
     * they can be (the lease rules ask before a release).
     */
    public boolean flushed(String cluster, String name) {
        Database database = store.loaded(cluster, name);
        return database == null || history.flushed(database);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        history.close();
    }
}
