package io.litevfs.store;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.compaction.HistoryCompactor;
import io.litevfs.store.compaction.PointMerger;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.DurableHistory;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.PositionEvents;
import io.litevfs.store.history.SharedHistory;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.local.DatabaseLoader;
import io.litevfs.store.local.DiskFull;
import io.litevfs.store.local.DurableFiles;
import io.litevfs.store.local.LocalHistory;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.upload.StoreLimits;
import io.litevfs.store.upload.UploadApplier;
import io.litevfs.store.upload.UploadCheck;
import io.litevfs.store.upload.WriteGuard;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * All databases of all clusters under one data directory. Opening the store loads and verifies every
 * database ({@link DatabaseLoader}); afterwards databases are created on first use.
 */
public final class PageStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PageStore.class);
    private static final String NAME_FILE = "NAME";

    private final StoreLayout layout;
    private final Path incomingDirectory;
    private final Clock clock;
    private final PositionEvents events;
    private final StoreLimits limits;
    private final DurableHistory durable;
    private final @Nullable SharedHistory shared;
    private final Map<String, Map<String, Database>> clusters = new ConcurrentHashMap<>();
    private volatile CommitListener commitListener = (cluster, name, pos) -> { };

    /** Told of every upload this store accepted, after it is durable and announced. */
    @FunctionalInterface
    public interface CommitListener {
        void committed(String cluster, String name, Pos pos);
    }

    /** {@link #onLocalDisk(Path, Clock, PositionEvents, StoreLimits)} with the default limits. */
    public static PageStore onLocalDisk(Path dataDirectory, Clock clock, PositionEvents events) throws IOException {
        return onLocalDisk(dataDirectory, clock, events, StoreLimits.DEFAULT);
    }

    /** A store whose history is on the local file system under {@code dataDirectory}, its only copy. */
    public static PageStore onLocalDisk(Path dataDirectory, Clock clock, PositionEvents events, StoreLimits limits)
            throws IOException {
        LocalHistory history = new LocalHistory(dataDirectory);
        try {
            return new PageStore(dataDirectory, clock, events, limits, history, null);
        } catch (IOException | RuntimeException e) {
            history.close();
            throw e;
        }
    }

    /**
     * A store whose history is kept in {@code durable}; {@code dataDirectory} holds what it keeps locally.
     * Without {@code shared}, this store is its storage's only writer and every database under the data
     * directory is loaded now; with it, other replicas write too and databases are loaded as they are
     * followed ({@code BucketFollower}). The store closes {@code durable} when it is closed.
     */
    public PageStore(Path dataDirectory, Clock clock, PositionEvents events, StoreLimits limits, DurableHistory durable,
                     @Nullable SharedHistory shared) throws IOException {
        this.layout = StoreLayout.of(dataDirectory);
        this.incomingDirectory = layout.incoming();
        this.clock = clock;
        this.events = events;
        this.limits = limits;
        this.durable = durable;
        this.shared = shared;
        DurableFiles.createDirectories(layout.clusters());
        recreate(incomingDirectory);
        if (shared == null) {
            loadAll();
        }
    }

    /** Stops the storage's background work; what was acknowledged is durable either way. */
    @Override
    public void close() throws IOException {
        durable.close();
    }

    Clock clock() {
        return clock;
    }

    PositionEvents events() {
        return events;
    }

    public void onCommit(CommitListener listener) {
        this.commitListener = listener;
    }

    /** A fresh path in the store's directory of uploads being received (emptied at every start). */
    public Path incomingFile() {
        return incomingDirectory.resolve(UUID.randomUUID() + ".ltx");
    }

    /**
     * The database as this store has loaded it, or null: one another replica created since this one last
     * looked is not there yet (see {@link #find}).
     */
    public @Nullable Database loaded(String cluster, String name) {
        Map<String, Database> databases = clusters.get(cluster);
        return databases == null ? null : databases.get(name);
    }

    /**
     * The database, or null when it exists neither here nor in shared storage: one another replica created
     * is loaded now rather than at the next poll.
     */
    public @Nullable Database find(String cluster, String name) {
        Database database = loaded(cluster, name);
        if (database != null || shared == null || !shared.holds(cluster, name)) {
            return database;
        }
        Database followed = follow(cluster, name);
        followed.keep();
        try {
            followed.catchUp();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load database " + name + " from storage", e);
        }
        return followed;
    }

    /**
     * The database, created (empty, at the zero position) when it does not exist, and kept even while it
     * stays empty (a database a lease was taken on is listed at the zero position).
     *
     * @throws StoreException {@code ETOOMANYDBS} when the cluster has as many databases as allowed
     */
    public Database open(String cluster, String name) {
        Map<String, Database> databases = clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>());
        Database opened = databases.compute(name, (n, existing) -> {
            Database database = existing != null ? existing : create(cluster, n, databases.size());
            database.keep();
            return database;
        });
        try {
            durable.keep(opened);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record database " + name, e);
        }
        return opened;
    }

    /** Every database of a cluster with its position, by name. */
    public Map<String, Pos> positions(String cluster) {
        Map<String, Pos> positions = new TreeMap<>();
        clusters.getOrDefault(cluster, Map.of()).forEach((name, database) -> positions.put(name, database.pos()));
        return positions;
    }

    public List<Database> databases() {
        List<Database> all = new ArrayList<>();
        clusters.values().forEach(databases -> all.addAll(databases.values()));
        return all;
    }

    /**
     * What changed in a database since {@code since}. A database this replica has not seen is looked for
     * in durable storage first (another replica may have created it since the last poll), so that it is
     * never answered as empty while it has data; one that exists nowhere is an empty one at the zero
     * position, so that a client following a database not yet written gets a normal answer.
     */
    public DbChanges changesSince(String cluster, String name, Pos since) {
        return changesSince(cluster, name, since, true, false);
    }

    /**
     * As {@link #changesSince(String, String, Pos)}; with {@code lookInStorage} false, a database this
     * replica has not seen is answered from what it knows (a request naming many unknown databases must
     * not cost a storage look-up each); {@code withChecksums}: see {@link Database#changesSince}.
     */
    public DbChanges changesSince(String cluster, String name, Pos since, boolean lookInStorage, boolean withChecksums) {
        Database database = lookInStorage ? find(cluster, name) : loaded(cluster, name);
        if (database != null) {
            return database.changesSince(since, withChecksums);
        }
        return since.isZero() ? DbChanges.pages(Pos.ZERO, List.of())
                : DbChanges.everything(Pos.ZERO);
    }

    /**
     * Verifies and stores one uploaded LTX file, read once from {@code body} (see {@link UploadApplier}),
     * then announces the new position.
     */
    public Pos upload(String cluster, String name, InputStream body, WriteGuard guard) throws IOException {
        UploadCheck.Opened upload = UploadCheck.open(body, limits);
        Map<String, Database> databases = clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>());
        Database database = databases.computeIfAbsent(name, n -> create(cluster, n, databases.size()));
        Pos pos;
        try {
            pos = new UploadApplier(database, clock).apply(upload, guard);
        } catch (IOException | RuntimeException refused) {
            forgetIfNeverWritten(databases, database);
            throw refused;
        }
        events.publish(cluster, name, pos);
        commitListener.committed(cluster, name, pos);
        return pos;
    }

    /** A database created by a refused upload leaves nothing: it is neither listed nor on disk. */
    private void forgetIfNeverWritten(Map<String, Database> databases, Database database) {
        boolean[] forgotten = {false};
        databases.computeIfPresent(database.name(), (n, existing) -> {
            if (existing != database || existing.isKept() || !existing.pos().isZero()) {
                return existing;
            }
            forgotten[0] = true;
            return null;
        });
        if (forgotten[0]) {
            removeQuietly(database);
        }
    }

    /**
     * Thins every database's history out to what {@code retention} keeps at {@code nowMs}: windows of a
     * level merge into their points ({@link PointMerger}), and what is older than every level folds into
     * the snapshot ({@link HistoryCompactor}).
     */
    public void compactHistory(RetentionPolicy retention, long nowMs) {
        for (Database database : databases()) {
            try {
                PointMerger.merge(database, retention, nowMs);
                HistoryCompactor.compact(database, retention.foldCutoffMs(nowMs));
            } catch (IOException | RuntimeException e) {
                log.error("[store] db={}/{}: compaction failed, history kept as it was", database.cluster(),
                        database.name(), e);
            }
        }
    }

    /**
     * The database, created (not kept) when this store has not loaded it: one another replica wrote, which
     * this one follows from shared storage.
     */
    public Database follow(String cluster, String name) {
        Map<String, Database> databases = clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>());
        return databases.computeIfAbsent(name, n -> create(cluster, n, 0));
    }

    private Database create(String cluster, String name, int databasesInCluster) {
        if (databasesInCluster >= limits.maxDatabasesPerCluster()) {
            throw new StoreException(ErrorCode.ETOOMANYDBS, "cluster " + cluster + " has " + databasesInCluster
                    + " databases, the most this store allows (litevfs.server.limits.max-databases-per-cluster)");
        }
        Database database = new Database(cluster, name, databaseDirectory(cluster, name), durable, shared);
        try {
            LocalHistory.writeNameFile(database);
        } catch (IOException e) {
            removeQuietly(database);
            if (DiskFull.causes(e)) {
                throw new StoreException(ErrorCode.ENOSPACE, "the store's disk is full; database " + name
                        + " was not created, retry when space is freed", null, e);
            }
            throw new UncheckedIOException("cannot create the directory of database " + name, e);
        }
        return database;
    }

    /**
     * Removes the directory of a database that is not kept (it could not be created, or only a refused upload
     * created it), so that the loader never meets it.
     */
    private static void removeQuietly(Database database) {
        try {
            DurableFiles.deleteTree(database.directory());
        } catch (IOException e) {
            log.warn("[store] db={}/{}: cannot remove the directory of a database that is not kept: {}",
                    Names.forLog(database.cluster()), Names.forLog(database.name()), e.toString());
        }
    }

    private Path databaseDirectory(String cluster, String name) {
        return layout.database(cluster, name);
    }

    private static void recreate(Path directory) throws IOException {
        if (Files.exists(directory)) {
            DurableFiles.deleteTree(directory);
        }
        OwnerOnly.createDirectories(directory);
    }

    private void loadAll() throws IOException {
        try (Stream<Path> clusterDirectories = Files.list(layout.clusters())) {
            for (Path clusterDirectory : clusterDirectories.filter(Files::isDirectory).toList()) {
                String cluster = clusterOf(clusterDirectory);
                Path dbs = layout.databases(cluster);
                if (!Files.isDirectory(dbs)) {
                    continue;
                }
                try (Stream<Path> databaseDirectories = Files.list(dbs)) {
                    for (Path directory : databaseDirectories.filter(Files::isDirectory).toList()) {
                        load(cluster, directory);
                    }
                }
            }
        }
    }

    /**
     * The cluster a directory holds. A directory written before names had their on-disk form (capital
     * letters as themselves) is renamed to it first, so that every name has exactly one directory.
     */
    private String clusterOf(Path directory) throws IOException {
        String form = directory.getFileName().toString();
        if (form.indexOf('^') >= 0 || form.equals(form.toLowerCase(java.util.Locale.ROOT))) {
            return Names.fromDisk(form);
        }
        Path renamed = layout.cluster(form);
        Files.move(directory, renamed);
        DurableFiles.forceDirectory(layout.clusters());
        log.info("[store] cluster {}: directory {} renamed to {}", Names.forLog(form), directory.getFileName(),
                renamed.getFileName());
        return form;
    }

    private void load(String cluster, Path directory) throws IOException {
        Path nameFile = directory.resolve(NAME_FILE);
        if (!Files.exists(nameFile)) {
            log.warn("[store] ignoring {}: it has no NAME file", directory);
            return;
        }
        String name = Files.readString(nameFile, StandardCharsets.UTF_8);
        Path expected = databaseDirectory(cluster, name);
        if (!directory.getFileName().equals(expected.getFileName())) {
            Files.move(directory, expected);
            DurableFiles.forceDirectory(DurableFiles.parentOf(expected));
            log.info("[store] db={}/{}: directory {} renamed to {}", Names.forLog(cluster), Names.forLog(name),
                    directory.getFileName(), expected.getFileName());
            directory = expected;
        }
        Database database = new Database(cluster, name, directory, durable, shared);
        database.keep();
        DatabaseLoader.load(database);
        clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>()).put(name, database);
        log.info("[store] loaded db={}/{} pos={} files={}", cluster, name, database.pos(), database.historyLength());
    }
}
