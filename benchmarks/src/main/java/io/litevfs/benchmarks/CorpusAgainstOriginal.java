package io.litevfs.benchmarks;

import io.litevfs.core.DatabaseStatus;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.WorkloadCorpus;
import io.litevfs.core.WorkloadCorpus.Query;
import io.litevfs.core.WorkloadCorpus.Shape;
import io.litevfs.core.db.DatabaseSettings;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generated corpus ({@link WorkloadCorpus}: nine database shapes, queries of every kind) from an empty
 * cache, through the original LiteVFS and through ours, against the same store process, behind the
 * round-trip proxy ({@link LatencyProxy}) at 0 and 20 ms. A sample of each shape's queries (every shape's
 * own, and a stride through the common ones) keeps the run within minutes. Beside each measured figure of
 * the original stands the request count of the model of it that bounds ours (read from our node's
 * status for the same statement), which is how the model is checked against the real original.
 */
final class CorpusAgainstOriginal implements Suite {

    private static final List<Duration> FULL_ROUND_TRIPS = List.of(Duration.ZERO, Duration.ofMillis(20));
    private static final Duration JUDGED_AT = Duration.ofMillis(20);
    /** Every how many of the common queries one is taken for a shape (offset by the shape's place). */
    private static final int COMMON_STRIDE = 6;
    private static final int ORIGINAL_BUDGET_LIMIT = 1024;
    /** Rounds of each query at each round trip, ours and the original alternated; the median time is kept. */
    private static final int ROUNDS = 3;

    /**
     * One statement measured: time (ms), page requests, bytes received, requests of every kind; or not
     * finished (the client failed), or not measured at all ({@link #NONE}: the original is not installed).
     */
    private record Run(double millis, long pageRequests, long bytes, long requests, boolean finished) {
        static final Run NONE = new Run(Double.NaN, -1, -1, -1, false);

        boolean measured() {
            return pageRequests >= 0;
        }
    }

    /** Both clients on one query at one round trip, and the model's count. */
    private record Row(Shape shape, Query query, Duration roundTrip, Run ours, Run original, long model) {
    }

    /** The rows of the last run, which {@link #summary} (called in the same run) draws its tables from. */
    private List<Row> lastRows = List.of();

    @Override
    public String id() {
        return "corpus";
    }

    @Override
    public String title() {
        return "The generated corpus against the original LiteVFS: every shape, with the network priced in";
    }

    @Override
    public String method(Scale scale) {
        return """
                The databases and queries of the core's property test (`WorkloadCorpus`) at %,d orders: nine \
                shapes (rowid tables at 4 KiB, 1 KiB and 64 KiB pages; `WITHOUT ROWID` tables with composite \
                keys; composite and covering indexes; text keys; FTS5; 80 rows with overflow chains of 20-200 KB; \
                b-trees after heavy churn), each from an empty cache through the original LiteVFS 0.1.1 \
                (`sqlite3` + `.load`) and through ours, against the same store process, behind the proxy of the \
                `original` suite, which counts page requests, requests of every kind and bytes received alike \
                for both. Both clients' budgets are raised (the original's to its maximum, 1,024) so that \
                requests can be counted; a statement the original cannot finish within that is marked. \
                *Model* is the request count of the model of the original that runs beside our pager \
                (`OriginalPrefetch`), read from our node for the same statement: it checks the model against \
                the real original. Each query runs three times at each round trip, the two clients \
                alternated; times are medians.""".formatted(scale.orders);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        OriginalLiteVfs.Installed installed = OriginalLiteVfs.install();
        if (installed.original() == null) {
            if (bench.scale() == Scale.FULL) {
                throw new IllegalStateException("the original LiteVFS is needed for this suite: " + installed.why());
            }
            System.out.println("[corpus] skipping the original LiteVFS (" + installed.why() + "); measuring ours alone");
        }
        WorkloadCorpus corpus = new WorkloadCorpus(bench.scale().orders);
        List<Shape> shapes = corpus.shapes();
        Path samples = bench.scratch("corpus");
        for (Shape shape : shapes) {
            Path file = samples.resolve(shape.name() + ".db");
            WorkloadCorpus.build(shape, file);
            bench.importOnce(database(shape), file);
        }
        List<Duration> roundTrips = bench.scale() == Scale.FULL ? FULL_ROUND_TRIPS : List.of(Duration.ZERO);
        List<Row> rows = new ArrayList<>();
        URI store = URI.create(bench.storeUrl());
        try (LatencyProxy proxy = LatencyProxy.start(store.getHost(), store.getPort())) {
            LiteVfs node = bench.node("corpus", builder -> builder.storeUrl(proxy.url())
                    .maxRequestsPerQuery(DatabaseSettings.MAX_REQUESTS_PER_QUERY_LIMIT));
            try {
                for (Duration roundTrip : roundTrips) {
                    proxy.roundTrip(roundTrip);
                    for (int place = 0; place < shapes.size(); place++) {
                        Shape shape = shapes.get(place);
                        for (Query query : sample(shape, corpus.commonQueryCount(), place, bench.scale())) {
                            List<Run> ours = new ArrayList<>();
                            List<Run> original = new ArrayList<>();
                            long model = 0;
                            for (int round = 0; round < ROUNDS; round++) {
                                long modelBefore = modelRequests(node, shape);
                                ours.add(ours(node, proxy, shape, query, samples));
                                model = modelRequests(node, shape) - modelBefore;
                                original.add(installed.original() == null ? Run.NONE
                                        : original(installed.original(), proxy, shape, query, bench.scratch("original-"
                                        + shape.name() + "-" + query.key() + "-" + roundTrip.toMillis() + "-" + round)));
                            }
                            rows.add(new Row(shape, query, roundTrip, median(ours), median(original), model));
                        }
                    }
                }
            } finally {
                bench.close(node);
            }
        }
        lastRows = rows;
        return figures(shapes, rows);
    }

    /** The run of median time among {@code runs} (counts are the same in every round). */
    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.millis(), b.millis()));
        return sorted.get(sorted.size() / 2);
    }

    private static String database(Shape shape) {
        return "corpus-" + shape.name() + ".db";
    }

    /** Every query of the shape's own, and every {@link #COMMON_STRIDE}th common one (two of each at smoke scale). */
    private static List<Query> sample(Shape shape, int common, int place, Scale scale) {
        List<Query> queries = shape.queries();
        List<Query> chosen = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            boolean own = i >= common;
            if (own || (i + place) % COMMON_STRIDE == 0) {
                chosen.add(queries.get(i));
            }
        }
        return scale == Scale.FULL ? chosen : chosen.subList(0, Math.min(2, chosen.size()));
    }

    private static long modelRequests(LiteVfs node, Shape shape) {
        return node.database(database(shape)).map(DatabaseStatus::originalRequests).orElse(0L);
    }

    private static Run ours(LiteVfs node, LatencyProxy proxy, Shape shape, Query query, Path scratch) throws Exception {
        String database = database(shape);
        if (node.database(database).isPresent()) {
            node.dropCache(database);
        }
        proxy.takeTraffic();
        long started;
        boolean failed = false;
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl(database));
             Statement statement = connection.createStatement()) {
            started = System.nanoTime();
            try {
                execute(statement, sql(query, scratch.resolve("ours-" + System.nanoTime() + ".db")));
            } catch (SQLException e) {
                failed = true;
                System.out.println("[corpus] ours failed on " + shape.name() + " " + query.key() + ": " + e.getMessage()
                        + " " + LiteVfs.lastError());
            }
        }
        double millis = (System.nanoTime() - started) / 1e6;
        LatencyProxy.Traffic traffic = proxy.takeTraffic();
        return new Run(millis, traffic.pageRequests(), traffic.bytesReceived(), traffic.requests(), !failed);
    }

    private static Run original(OriginalLiteVfs original, LatencyProxy proxy, Shape shape, Query query, Path cache)
            throws Exception {
        proxy.takeTraffic();
        double millis;
        boolean failed = false;
        try {
            millis = original.run(proxy.url(), database(shape), List.of("pragma litevfs_max_reqs_per_query = "
                    + ORIGINAL_BUDGET_LIMIT), sql(query, cache.resolve("copy.db")), cache);
        } catch (IllegalStateException e) {
            failed = true;
            millis = Double.NaN;
            System.out.println("[corpus] the original failed on " + shape.name() + " " + query.key() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        LatencyProxy.Traffic traffic = proxy.takeTraffic();
        return new Run(millis, traffic.pageRequests(), traffic.bytesReceived(), traffic.requests(), !failed);
    }

    private static String sql(Query query, Path copy) {
        return query.sql().equals("vacuum into") ? "vacuum into 'file:" + copy + "?vfs=unix'" : query.sql();
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        if (statement.execute(sql)) {
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
        }
    }

    private static List<Figure> figures(List<Shape> shapes, List<Row> rows) {
        List<Figure> figures = new ArrayList<>();
        long behind = rows.stream().filter(row -> row.original().finished()
                && row.ours().pageRequests() > row.original().pageRequests()).count();
        figures.add(Figure.of("queries-behind-on-requests", "statements where ours made more page requests than the original",
                behind, "", 0).target("0", behind == 0));
        long modelOff = rows.stream().filter(row -> row.original().finished()
                && row.model() != row.original().pageRequests()).count();
        figures.add(Figure.of("model-differs", "statements where the model's request count differs from the original's",
                modelOff, "", 0));
        for (Shape shape : shapes) {
            List<Row> judged = rows.stream().filter(row -> row.shape() == shape && row.roundTrip().equals(JUDGED_AT)
                    && row.original().finished()).toList();
            if (judged.isEmpty()) {
                continue;
            }
            double ours = judged.stream().mapToDouble(row -> row.ours().millis()).sum();
            double original = judged.stream().mapToDouble(row -> row.original().millis()).sum();
            figures.add(Figure.of(shape.name() + "-time-ratio", shape.name() + ": time at 20 ms summed, ours / original",
                    ours / original, "", 2).target("<= 0.5", ours / original <= 0.5));
        }
        List<Row> all = rows.stream().filter(row -> row.roundTrip().equals(JUDGED_AT)
                && row.original().finished()).toList();
        if (!all.isEmpty()) {
            double ours = all.stream().mapToDouble(row -> row.ours().millis()).sum();
            double original = all.stream().mapToDouble(row -> row.original().millis()).sum();
            figures.add(Figure.of("time-ratio", "time at 20 ms summed over the sample, ours / original", ours / original, "", 2)
                    .target("<= 0.5", ours / original <= 0.5));
            long slower = all.stream().filter(row -> row.ours().millis() > row.original().millis()).count();
            figures.add(Figure.of("queries-slower", "statements slower than the original at 20 ms", slower, "", 0)
                    .target("0", slower == 0));
        }
        return figures;
    }

    @Override
    public String summary(List<Figure> figures) {
        StringBuilder text = new StringBuilder("""
                By shape (sums over the sample; requests are page requests, *all* adds syncs and position lookups):

                | shape | queries | page requests: model / original / ours | all requests: original / ours | KiB: original / ours | time at 20 ms (ms): original / ours | worst query at 20 ms (ours / original) |
                |---|---:|---:|---:|---:|---:|---|
                """);
        Map<String, List<Row>> byShape = new LinkedHashMap<>();
        lastRows.forEach(row -> byShape.computeIfAbsent(row.shape().name(), name -> new ArrayList<>()).add(row));
        byShape.forEach((shape, rows) -> {
            List<Row> zero = rows.stream().filter(row -> row.roundTrip().isZero() && row.original().measured()).toList();
            List<Row> judged = rows.stream().filter(row -> row.roundTrip().equals(JUDGED_AT)
                    && row.original().finished()).toList();
            Row worst = judged.stream().max((a, b) -> Double.compare(a.ours().millis() / a.original().millis(),
                    b.ours().millis() / b.original().millis())).orElse(null);
            text.append(String.format(Locale.ROOT, "| %s | %d | %d / %d / %d | %d / %d | %,d / %,d | %,.0f / %,.0f | %s |%n",
                    shape, zero.size(),
                    zero.stream().mapToLong(Row::model).sum(),
                    zero.stream().mapToLong(row -> row.original().pageRequests()).sum(),
                    zero.stream().mapToLong(row -> row.ours().pageRequests()).sum(),
                    zero.stream().mapToLong(row -> row.original().requests()).sum(),
                    zero.stream().mapToLong(row -> row.ours().requests()).sum(),
                    zero.stream().mapToLong(row -> row.original().bytes()).sum() / 1024,
                    zero.stream().mapToLong(row -> row.ours().bytes()).sum() / 1024,
                    judged.stream().mapToDouble(row -> row.original().millis()).sum(),
                    judged.stream().mapToDouble(row -> row.ours().millis()).sum(),
                    worst == null ? "-" : String.format(Locale.ROOT, "`%s` %.0f / %.0f ms", worst.query().key(),
                            worst.ours().millis(), worst.original().millis())));
        });
        text.append("""

                Every statement (page requests model / original / ours; KiB original / ours; time original / ours at each round trip; \
                *failed* where a client could not finish):

                | shape | query | round trip | requests | KiB | ms |
                |---|---|---:|---:|---:|---:|
                """);
        for (Row row : lastRows) {
            Run original = row.original();
            text.append(String.format(Locale.ROOT, "| %s | `%s` | %d ms | %d / %s / %d | %s / %,d | %s / %s |%n",
                    row.shape().name(), row.query().key(), row.roundTrip().toMillis(), row.model(),
                    !original.measured() ? "-" : Long.toString(original.pageRequests()), row.ours().pageRequests(),
                    !original.measured() ? "-" : String.format(Locale.ROOT, "%,d", original.bytes() / 1024), row.ours().bytes() / 1024,
                    !original.measured() ? "-" : !original.finished() ? "failed" : String.format(Locale.ROOT, "%,.0f", original.millis()),
                    !row.ours().finished() ? "failed" : String.format(Locale.ROOT, "%,.0f", row.ours().millis())));
        }
        return text.toString();
    }
}
