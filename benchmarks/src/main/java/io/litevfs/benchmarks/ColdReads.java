package io.litevfs.benchmarks;

import io.litevfs.core.DatabaseStatus;
import io.litevfs.core.Defaults;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.db.DatabaseSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Queries from an empty cache, counting the round trips and bytes they cost, for three prefetch
 * settings; and a cold full scan against downloading the whole database as one snapshot.
 */
final class ColdReads implements Suite {

    private static final String DATABASE = "cold";
    private static final int LOOKUPS = 100;
    private static final int RANGE_ROWS = 2_000;
    /** The round trip of a store one region away, behind the benchmarks' proxy. */
    private static final Duration NETWORK_ROUND_TRIP = Duration.ofMillis(20);

    /** A prefetch setting: how many pages may come along with a missing one. */
    private record Prefetch(String key, String label, int pages) {
    }

    private static final List<Prefetch> SETTINGS = List.of(
            new Prefetch("off", "prefetch off (0)", 0),
            new Prefetch("default", "default (32)", Defaults.MAX_PREFETCH_PAGES),
            new Prefetch("wide", "widest adaptive (128)", DatabaseSettings.MAX_PREFETCH_PAGES_LIMIT));

    @Override
    public String id() {
        return "cold";
    }

    @Override
    public String title() {
        return "Cold reads";
    }

    @Override
    public String method(Scale scale) {
        return """
                A %d MiB database (`items`, rows of 1,000-byte incompressible payloads, about four to a page) \
                in the store; each query starts from an empty cache: a new connection (SQLite's own cache \
                empty too) after `LiteVfs.dropCache`, timed from opening the connection to the last row, so \
                the header and schema reads count. Medians of %d rounds, random keys drawn anew per round.
                - *one lookup*: one row by random key; *%d lookups*: %d random keys in sequence (the upper \
                levels of the b-tree come once); *range*: `%,d` consecutive rows by key.
                - Three settings of `litevfs_max_prefetch_pages`: **off** (every missing page is one \
                request), the **default** (32) and the **widest** (128). In every setting the prefetcher is \
                adaptive: it asks for the following siblings of a missing b-tree page and, after consecutive \
                misses, a read-ahead window that doubles; the setting caps how many pages come along.
                - **Cold full scan against a snapshot download**: `%s` from an empty cache, against `GET \
                /db/snapshot?format=sqlite` of the same database from the same store, written to a file (what \
                a node would do to copy the database whole); alternating, the median of %d rounds each. The \
                ratio is scan throughput / download throughput. Both again behind the benchmarks' proxy at a \
                20 ms round trip (the scan then pays for its round trips, the download for its one).""".formatted(scale.coldMegabytes, scale.rounds,
                LOOKUPS, LOOKUPS, RANGE_ROWS, Queries.FULL_SCAN, scanRounds(scale));
    }

    private static int scanRounds(Scale scale) {
        return Math.min(3, scale.rounds);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path file = bench.coldSample();
        long rows = SampleDatabase.rows(file);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of("size", "database size", Files.size(file) / (double) (1 << 20), "MiB", 0));
        for (Prefetch prefetch : SETTINGS) {
            LiteVfs node = bench.node("cold-" + prefetch.key(), builder -> builder.maxPrefetchPages(prefetch.pages())
                    .maxRequestsPerQuery(DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT));
            try {
                Cold cold = new Cold(node);
                SplittableRandom random = new SplittableRandom(7);
                for (int round = 0; round < bench.scale().rounds; round++) {
                    long seed = random.nextLong();
                    long first = random.nextLong(Math.max(1, rows - RANGE_ROWS)) + 1;
                    cold.measure("one", connection -> Queries.pointLookups(connection, rows, 1, seed));
                    cold.measure("many", connection -> Queries.pointLookups(connection, rows, LOOKUPS, seed));
                    cold.measure("range", connection -> Queries.range(connection, first, RANGE_ROWS));
                }
                figures.addAll(cold.figures("one", prefetch, "one lookup"));
                figures.addAll(cold.figures("many", prefetch, LOOKUPS + " lookups"));
                figures.addAll(cold.figures("range", prefetch, "range of %,d rows".formatted(RANGE_ROWS)));
            } finally {
                bench.close(node);
            }
        }
        figures.addAll(scanAgainstSnapshot(bench, file));
        return figures;
    }

    private List<Figure> scanAgainstSnapshot(Workbench bench, Path file) throws Exception {
        URI store = URI.create(bench.storeUrl());
        List<Figure> figures = new ArrayList<>();
        try (LatencyProxy proxy = LatencyProxy.start(store.getHost(), store.getPort())) {
            figures.addAll(scanAgainstSnapshot(bench, file, bench.storeUrl(), ""));
            proxy.roundTrip(NETWORK_ROUND_TRIP);
            figures.addAll(scanAgainstSnapshot(bench, file, proxy.url(), "-" + NETWORK_ROUND_TRIP.toMillis() + "ms"));
        }
        return figures;
    }

    /**
     * The cold full scan against the snapshot download, both from {@code storeUrl}; keys end in {@code
     * suffix} (empty on loopback, the round trip behind the proxy).
     */
    private List<Figure> scanAgainstSnapshot(Workbench bench, Path file, String storeUrl, String suffix) throws Exception {
        long bytes = Files.size(file);
        LiteVfs node = bench.node("cold-scan", builder -> builder.storeUrl(storeUrl)
                .maxRequestsPerQuery(DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT));
        Path download = bench.scratch("cold").resolve("snapshot.db");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest snapshot = HttpRequest.newBuilder(URI.create(storeUrl + "/db/snapshot?db=" + DATABASE
                + "&format=sqlite")).build();
        String where = suffix.isEmpty() ? "" : ", " + NETWORK_ROUND_TRIP.toMillis() + " ms round trip";
        try {
            Cold cold = new Cold(node);
            List<Double> downloads = new ArrayList<>();
            for (int round = 0; round < scanRounds(bench.scale()); round++) {
                cold.measure("scan", Queries::fullScan);
                long started = System.nanoTime();
                HttpResponse<Path> response = http.send(snapshot, HttpResponse.BodyHandlers.ofFile(download));
                if (response.statusCode() != 200 || Files.size(download) != bytes) {
                    throw new IllegalStateException("the snapshot download failed: HTTP " + response.statusCode()
                            + ", " + Files.size(download) + " bytes of " + bytes);
                }
                downloads.add((System.nanoTime() - started) / 1e6);
                Files.delete(download);
            }
            Samples scan = cold.samples("scan");
            Samples snapshotTimes = new Samples(downloads.stream().mapToDouble(Double::doubleValue).toArray());
            double mib = bytes / (double) (1 << 20);
            double ratio = snapshotTimes.median() / scan.median();
            return List.of(
                    Figure.of("snapshot-rate" + suffix, "baseline: snapshot download" + where,
                            mib / (snapshotTimes.median() / 1000), "MiB/s", 0).spread(snapshotTimes.relativeSpread()),
                    Figure.of("scan-rate" + suffix, "cold full scan, default prefetch" + where,
                            mib / (scan.median() / 1000), "MiB/s", 0).spread(scan.relativeSpread()),
                    Figure.of("scan-requests" + suffix, "cold full scan: remote requests" + where,
                            cold.medianRequests("scan"), "", 0),
                    Figure.of("scan-vs-snapshot" + suffix, "cold full scan throughput / snapshot download throughput"
                            + where, ratio, "", 2).target(">= 0.5", ratio >= 0.5));
        } finally {
            bench.close(node);
        }
    }

    /** Cold measurements on one node: each from an empty cache and a new connection. */
    private static final class Cold {

        private final LiteVfs node;
        private final Map<String, List<double[]>> results = new HashMap<>();

        Cold(LiteVfs node) {
            this.node = node;
        }

        void measure(String query, Query run) throws SQLException {
            if (node.database(DATABASE).isPresent()) {
                node.dropCache(DATABASE);
            }
            DatabaseStatus before = node.database(DATABASE).orElse(null);
            long started = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE))) {
                run.on(connection);
            }
            double millis = (System.nanoTime() - started) / 1e6;
            DatabaseStatus after = node.database(DATABASE).orElseThrow();
            long requests = after.remoteRequests() - (before == null ? 0 : before.remoteRequests());
            long bytes = after.bytesFetched() - (before == null ? 0 : before.bytesFetched());
            results.computeIfAbsent(query, q -> new ArrayList<>()).add(new double[] {millis, requests, bytes});
        }

        /** The runs of {@code query}: milliseconds, requests, bytes each. */
        private List<double[]> runs(String query) {
            List<double[]> runs = results.get(query);
            if (runs == null) {
                throw new IllegalStateException("query " + query + " was not run");
            }
            return runs;
        }

        Samples samples(String query) {
            return new Samples(runs(query).stream().mapToDouble(r -> r[0]).toArray());
        }

        double medianRequests(String query) {
            return new Samples(runs(query).stream().mapToDouble(r -> r[1]).toArray()).median();
        }

        List<Figure> figures(String query, Prefetch prefetch, String label) {
            Samples times = samples(query);
            double bytes = new Samples(runs(query).stream().mapToDouble(r -> r[2]).toArray()).median();
            String key = query + "-" + prefetch.key();
            String name = label + ", " + prefetch.label();
            return List.of(
                    Figure.of(key + "-requests", name + ": requests", medianRequests(query), "", 0),
                    Figure.of(key + "-kib", name + ": fetched", bytes / 1024, "KiB", 0),
                    Figure.of(key + "-ms", name + ": time", times.median(), "ms", 1).spread(times.relativeSpread()));
        }
    }

    @FunctionalInterface
    private interface Query {
        long on(Connection connection) throws SQLException;
    }
}
