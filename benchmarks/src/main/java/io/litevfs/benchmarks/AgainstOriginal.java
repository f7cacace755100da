package io.litevfs.benchmarks;

import io.litevfs.core.DatabaseStatus;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.db.DatabaseSettings;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each query of an application-shaped database ({@link OrdersDatabase}) from an empty cache, through
 * the original LiteVFS and through ours, against the same store process and database, behind a proxy
 * that adds a fixed round trip ({@link LatencyProxy}): 0, 2 and 20 ms. The proxy counts page requests
 * and bytes received the same way for both.
 */
final class AgainstOriginal implements Suite {

    private static final String DATABASE = "orders.db";
    private static final List<Duration> ROUND_TRIPS = List.of(Duration.ZERO, Duration.ofMillis(2), Duration.ofMillis(20));
    /** The round trip the time targets are judged at. */
    private static final Duration JUDGED_AT = Duration.ofMillis(20);
    private static final int DEFAULT_BUDGET = 64;
    private static final String ORIGINAL = "original";
    private static final String OURS = "ours";

    /**
     * One query of the comparison.
     *
     * @param timeRatio the most ours may take against the original at 20 ms (1: no slower; 0.5: twice as fast)
     */
    private record Query(String key, String label, Function<OrdersDatabase, String> sql, double timeRatio) {
    }

    private static final List<Query> QUERIES = List.of(
            new Query("rowid", "point lookup by rowid", db -> "select * from orders where id = " + (db.orders() / 2 + 7), 1),
            new Query("index-eq", "index equality, count",
                    db -> "select count(*) from orders where customer_id = " + (db.customers() / 3), 1),
            new Query("range", "index range with row lookups (41 customers)",
                    db -> "select count(*), sum(amount) from orders where customer_id between 100 and 140", 0.5),
            new Query("scan", "full scan, aggregate", db -> "select count(*), sum(amount) from orders", 0.5),
            new Query("join", "join + group by on 300 customers",
                    db -> "select c.region, count(*), sum(o.amount) from customer c join orders o on o.customer_id = c.id "
                            + "where c.id between " + (db.customers() / 4) + " and " + (db.customers() / 4 + 299)
                            + " group by c.region", 0.5),
            new Query("limit", "LIMIT 50 from the middle, by rowid",
                    db -> "select id, amount from orders where id > " + (db.orders() * 3 / 4) + " order by id limit 50", 1),
            new Query("cache-db", "pragma litevfs_cache_db (whole database)", db -> "pragma litevfs_cache_db", 1));

    @Override
    public String id() {
        return "original";
    }

    @Override
    public String title() {
        return "Cold queries against the original LiteVFS, with the network priced in";
    }

    @Override
    public String method(Scale scale) {
        return """
                The original LiteVFS 0.1.1 (its npm release's `liblitevfs.so` in Debian's `sqlite3`, installed \
                by `scripts/install-original-litevfs`) and ours read the same database from the same store \
                process: `customer` (%,d rows) and `orders` (%,d rows, an index on `customer_id`), built with \
                plain SQLite. Between the clients and the store, a TCP proxy of the benchmarks delays every \
                chunk by half the round trip each way, order kept; it counts page requests (`GET /db/page`) \
                and the bytes the store sent (headers included) for both clients alike. Each query runs from an \
                empty cache: the original in a new `sqlite3` process with an empty `LITEVFS_CACHE_DIR`, ours \
                after `LiteVfs.dropCache` on a new connection; both timed as `.timer` times the original: the \
                statement to its last row, schema reads included, the open before it not. Counts cover \
                everything from the open on (*requests of every kind* adds syncs, polls and position lookups \
                to the page requests). Our request budget is raised so that every \
                query finishes and its requests can be counted; *within 64* says whether it would have \
                finished within the default budget. *Model* is the request count of the model of the original \
                that runs beside our pager (`OriginalPrefetch`, read from our node for the same statement), \
                which checks the model against the real original. Medians of %d rounds at each round trip.""".formatted(
                scale.orders / 10, scale.orders, rounds(scale));
    }

    private static int rounds(Scale scale) {
        return Math.min(3, scale.rounds);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        OrdersDatabase orders = bench.ordersSample();
        OriginalLiteVfs.Installed installed = OriginalLiteVfs.install();
        if (installed.original() == null) {
            if (bench.scale() == Scale.FULL) {
                throw new IllegalStateException("the original LiteVFS is needed for this suite: " + installed.why());
            }
            System.out.println("[original] skipping the original LiteVFS (" + installed.why() + "); measuring ours alone");
        }
        URI store = URI.create(bench.storeUrl());
        Map<String, List<double[]>> runs = new HashMap<>();
        try (LatencyProxy proxy = LatencyProxy.start(store.getHost(), store.getPort())) {
            LiteVfs node = bench.node("against-original", builder -> builder.storeUrl(proxy.url())
                    .maxRequestsPerQuery(DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT));
            try {
                for (Duration roundTrip : ROUND_TRIPS) {
                    proxy.roundTrip(roundTrip);
                    for (int round = 0; round < rounds(bench.scale()); round++) {
                        for (Query query : QUERIES) {
                            String sql = query.sql().apply(orders);
                            runs.computeIfAbsent(key(query, roundTrip, OURS), k -> new ArrayList<>())
                                    .add(ours(node, proxy, sql));
                            if (installed.original() != null) {
                                Path cache = bench.scratch("original").resolve(query.key() + "-" + roundTrip.toMillis()
                                        + "-" + round);
                                runs.computeIfAbsent(key(query, roundTrip, ORIGINAL), k -> new ArrayList<>())
                                        .add(original(installed.original(), proxy, sql, cache));
                            }
                        }
                    }
                }
            } finally {
                bench.close(node);
            }
        }
        return figures(runs);
    }

    private static double[] ours(LiteVfs node, LatencyProxy proxy, String sql) throws SQLException {
        if (node.database(DATABASE).isPresent()) {
            node.dropCache(DATABASE);
        }
        proxy.takeTraffic();
        long modelBefore = node.database(DATABASE).map(DatabaseStatus::originalRequests).orElse(0L);
        long started;
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE));
             Statement statement = connection.createStatement()) {
            started = System.nanoTime();
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        rows.getObject(1);
                    }
                }
            }
        }
        double millis = (System.nanoTime() - started) / 1e6;
        LatencyProxy.Traffic traffic = proxy.takeTraffic();
        long model = node.database(DATABASE).map(DatabaseStatus::originalRequests).orElse(0L) - modelBefore;
        return new double[] {millis, traffic.pageRequests(), traffic.bytesReceived(), traffic.requests(), model};
    }

    private static double[] original(OriginalLiteVfs original, LatencyProxy proxy, String sql, Path cache) throws Exception {
        proxy.takeTraffic();
        double millis = original.run(proxy.url(), DATABASE, sql, cache);
        LatencyProxy.Traffic traffic = proxy.takeTraffic();
        return new double[] {millis, traffic.pageRequests(), traffic.bytesReceived(), traffic.requests()};
    }

    private static String key(Query query, Duration roundTrip, String client) {
        return query.key() + "-" + roundTrip.toMillis() + "ms-" + client;
    }

    private static List<Figure> figures(Map<String, List<double[]>> runs) {
        List<Figure> figures = new ArrayList<>();
        for (Duration roundTrip : ROUND_TRIPS) {
            for (Query query : QUERIES) {
                String name = query.label() + ", " + roundTrip.toMillis() + " ms round trip";
                Optional<double[]> ours = median(runs.get(key(query, roundTrip, OURS)));
                Optional<double[]> original = median(runs.get(key(query, roundTrip, ORIGINAL)));
                for (String client : List.of(ORIGINAL, OURS)) {
                    Optional<double[]> measured = client.equals(OURS) ? ours : original;
                    if (measured.isEmpty()) {
                        continue;
                    }
                    String key = key(query, roundTrip, client);
                    figures.add(Figure.of(key + "-requests", name + ", " + client + ": page requests", measured.get()[1], "", 0));
                    figures.add(Figure.of(key + "-all-requests", name + ", " + client + ": requests of every kind",
                            measured.get()[3], "", 0));
                    figures.add(Figure.of(key + "-kib", name + ", " + client + ": received", measured.get()[2] / 1024, "KiB", 0));
                    figures.add(Figure.of(key + "-ms", name + ", " + client + ": time", measured.get()[0], "ms", 1));
                }
                if (ours.isPresent()) {
                    figures.add(Figure.of(key(query, roundTrip, OURS) + "-model-requests", name
                            + ": page requests of the model of the original (OriginalPrefetch)", ours.get()[4], "", 0));
                }
                if (ours.isPresent() && original.isPresent()) {
                    figures.addAll(verdicts(query, roundTrip, name, ours.get(), original.get()));
                }
            }
        }
        return figures;
    }

    private static List<Figure> verdicts(Query query, Duration roundTrip, String name, double[] ours, double[] original) {
        List<Figure> verdicts = new ArrayList<>();
        String key = query.key() + "-" + roundTrip.toMillis() + "ms";
        if (roundTrip.isZero()) {
            verdicts.add(Figure.of(key + "-requests-ratio", name + ": page requests, ours / original",
                    ratio(ours[1], original[1]), "", 2).target("<= 1", ours[1] <= original[1]));
            verdicts.add(Figure.of(key + "-bytes-ratio", name + ": bytes received, ours / original",
                    ratio(ours[2], original[2]), "", 2).target("<= 1", ours[2] <= original[2]));
            boolean withinBudget = original[1] > DEFAULT_BUDGET || ours[1] <= DEFAULT_BUDGET;
            verdicts.add(Figure.of(key + "-budget", name + ": ours within 64 requests where the original is (1 = yes)",
                    withinBudget ? 1 : 0, "", 0).target("1", withinBudget));
        }
        if (roundTrip.equals(JUDGED_AT)) {
            double timeRatio = ratio(ours[0], original[0]);
            verdicts.add(Figure.of(key + "-time-ratio", name + ": time, ours / original", timeRatio, "", 2)
                    .target("<= " + formatRatio(query.timeRatio()), timeRatio <= query.timeRatio()));
        }
        return verdicts;
    }

    private static Optional<double[]> median(@Nullable List<double[]> runs) {
        return runs == null || runs.isEmpty() ? Optional.empty() : Optional.of(Samples.columnMedians(runs));
    }

    private static double ratio(double ours, double original) {
        return original == 0 ? (ours == 0 ? 1 : Double.POSITIVE_INFINITY) : ours / original;
    }

    private static String formatRatio(double ratio) {
        return String.format(Locale.ROOT, "%.1f", ratio);
    }

    @Override
    public String summary(List<Figure> figures) {
        Map<String, Double> values = new HashMap<>();
        figures.forEach(figure -> values.put(figure.key(), figure.value()));
        StringBuilder table = new StringBuilder("""
                | query | round trip | page requests: model / original / ours | KiB received: original / ours | time (ms): original / ours |
                |---|---:|---:|---:|---:|
                """);
        for (Query query : QUERIES) {
            for (Duration roundTrip : ROUND_TRIPS) {
                String original = key(query, roundTrip, ORIGINAL);
                String ours = key(query, roundTrip, OURS);
                table.append("| ").append(query.label()).append(" | ").append(roundTrip.toMillis()).append(" ms | ")
                        .append(value(values.get(ours + "-model-requests"), "%.0f")).append(" / ")
                        .append(pair(values, original + "-requests", ours + "-requests", "%.0f")).append(" | ")
                        .append(pair(values, original + "-kib", ours + "-kib", "%,.0f")).append(" | ")
                        .append(pair(values, original + "-ms", ours + "-ms", "%,.0f")).append(" |\n");
            }
        }
        return table.toString();
    }

    private static String pair(Map<String, Double> values, String original, String ours, String format) {
        return value(values.get(original), format) + " / " + value(values.get(ours), format);
    }

    private static String value(@Nullable Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
