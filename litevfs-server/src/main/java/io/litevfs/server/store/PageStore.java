package io.litevfs.server.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * All databases of all clusters under one data directory. Opening the store loads and verifies every
 * database ({@link DatabaseLoader}); afterwards databases are created on first use.
 */
public final class PageStore {

    private static final Logger log = LoggerFactory.getLogger(PageStore.class);
    private static final String NAME_FILE = "NAME";

    private final Path clustersDirectory;
    private final Clock clock;
    private final PositionEvents events;
    private final Map<String, Map<String, Database>> clusters = new ConcurrentHashMap<>();

    public PageStore(Path dataDirectory, Clock clock, PositionEvents events) throws IOException {
        this.clustersDirectory = dataDirectory.resolve("clusters");
        this.clock = clock;
        this.events = events;
        Files.createDirectories(clustersDirectory);
        loadAll();
    }

    /** The database, or null when it does not exist. */
    public @Nullable Database find(String cluster, String name) {
        Map<String, Database> databases = clusters.get(cluster);
        return databases == null ? null : databases.get(name);
    }

    /** The database, created (empty, at the zero position) when it does not exist. */
    public Database open(String cluster, String name) {
        return clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, n -> create(cluster, n));
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
     * What changed in a database since {@code since}. A database that does not exist is an empty one at
     * the zero position, so that a client following a database not yet written gets a normal answer.
     */
    public DbChanges changesSince(String cluster, String name, Pos since) {
        Database database = find(cluster, name);
        if (database != null) {
            return database.changesSince(since);
        }
        return since.isZero() ? DbChanges.pages(Pos.ZERO, List.of())
                : DbChanges.everything(Pos.ZERO);
    }

    /**
     * Verifies and stores one uploaded LTX file (see {@link UploadApplier}), then announces the new
     * position.
     */
    public Pos upload(String cluster, String name, InputStream body, WriteGuard guard) throws IOException {
        Pos pos = new UploadApplier(open(cluster, name), clock).apply(body, guard);
        events.publish(cluster, name, pos);
        return pos;
    }

    /** Folds history accepted before {@code cutoffMs} in every database. */
    public void compactHistory(long cutoffMs) {
        for (Database database : databases()) {
            try {
                HistoryCompactor.compact(database, cutoffMs);
            } catch (IOException | RuntimeException e) {
                log.error("[store] db={}/{}: compaction failed, history kept as it was", database.cluster(),
                        database.name(), e);
            }
        }
    }

    private Database create(String cluster, String name) {
        Path directory = clustersDirectory.resolve(cluster).resolve("dbs").resolve(Names.directoryName(name));
        try {
            Files.createDirectories(directory);
            Path nameFile = directory.resolve(NAME_FILE);
            if (!Files.exists(nameFile)) {
                DurableFiles.writeAtomically(nameFile, name.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of database " + name, e);
        }
        return new Database(cluster, name, directory);
    }

    private void loadAll() throws IOException {
        try (Stream<Path> clusterDirectories = Files.list(clustersDirectory)) {
            for (Path clusterDirectory : clusterDirectories.filter(Files::isDirectory).toList()) {
                String cluster = clusterDirectory.getFileName().toString();
                Path dbs = clusterDirectory.resolve("dbs");
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

    private void load(String cluster, Path directory) throws IOException {
        Path nameFile = directory.resolve(NAME_FILE);
        if (!Files.exists(nameFile)) {
            log.warn("[store] ignoring {}: it has no NAME file", directory);
            return;
        }
        String name = Files.readString(nameFile, StandardCharsets.UTF_8);
        Database database = new Database(cluster, name, directory);
        DatabaseLoader.load(database);
        clusters.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>()).put(name, database);
        log.info("[store] loaded db={}/{} pos={} files={}", cluster, name, database.pos(), database.historyLength());
    }
}
