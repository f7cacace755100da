package io.litevfs.benchmarks;

import io.litevfs.core.LiteVfs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/** How long after a commit on one node another node sees it, polling or pushed. */
final class ReplicationLag implements Suite {

    /** How the reader learns of changes. */
    private record Mode(String key, String label, Duration period, boolean push, int samples) {
    }

    @Override
    public String id() {
        return "lag";
    }

    @Override
    public String title() {
        return "Replication lag";
    }

    @Override
    public String method(Scale scale) {
        return """
                A writer node holds the lease and commits one row at a time; a reader node (its own VFS, \
                cache and connection, in the same JVM) watches its position of the database. The lag is the \
                time from the writer's commit returning to the reader's position reaching that commit, checked \
                every 0.1 ms; each sample is then confirmed with a query on the reader (the row is there). \
                Before each commit the writer waits a random time up to the polling period (up to 100 ms with \
                push), so commits fall anywhere in the reader's cycle. Samples: %d with 1 s polling, %d with \
                100 ms polling, %d with push (`GET /events`, polling kept at 1 s as a fallback). The \
                **baseline** is one round trip to the same store (`GET /pos` through the node's client), \
                the least any change notice can cost.""".formatted(scale.slowLagSamples, scale.fastLagSamples,
                scale.fastLagSamples);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Scale scale = bench.scale();
        List<Mode> modes = List.of(
                new Mode("poll-1s", "polling every 1 s", Duration.ofSeconds(1), false, scale.slowLagSamples),
                new Mode("poll-100ms", "polling every 100 ms", Duration.ofMillis(100), false, scale.fastLagSamples),
                new Mode("push", "push", Duration.ofSeconds(1), true, scale.fastLagSamples));
        List<Figure> figures = new ArrayList<>();
        figures.add(roundTrip(bench));
        for (Mode mode : modes) {
            figures.addAll(measure(bench, mode));
        }
        return figures;
    }

    private static Figure roundTrip(Workbench bench) {
        LiteVfs node = bench.node("lag-rtt", builder -> builder.push(false));
        try {
            long[] nanos = new long[300];
            for (int i = 0; i < 100; i++) {
                node.client().positions().block();
            }
            for (int i = 0; i < nanos.length; i++) {
                long started = System.nanoTime();
                node.client().positions().block();
                nanos[i] = System.nanoTime() - started;
            }
            Samples samples = Samples.ofNanos(nanos);
            return Figure.of("rtt", "baseline: one round trip to the store (GET /pos), median", samples.median(), "ms", 2)
                    .spread(samples.relativeSpread());
        } finally {
            bench.close(node);
        }
    }

    private static List<Figure> measure(Workbench bench, Mode mode) throws Exception {
        String database = "lag-" + mode.key() + ".db";
        LiteVfs writer = bench.node("lag-writer", builder -> builder.push(false));
        LiteVfs reader = bench.node("lag-reader", builder -> builder.syncPeriod(mode.period()).push(mode.push()));
        writer.acquireLease(database, Duration.ofSeconds(10));
        try (Connection write = DriverManager.getConnection(writer.jdbcUrl(database));
             Statement writing = write.createStatement()) {
            writing.execute("create table events(id integer primary key, at integer not null)");
            try (Connection read = DriverManager.getConnection(reader.jdbcUrl(database))) {
                awaitRows(reader, read, database, writer, 0);
                SplittableRandom random = new SplittableRandom(11);
                long waitBound = mode.push() ? 100 : mode.period().toMillis();
                double[] lags = new double[mode.samples()];
                for (int i = 0; i < lags.length; i++) {
                    Thread.sleep(random.nextLong(waitBound + 1));
                    writing.execute("insert into events(at) values (" + System.currentTimeMillis() + ")");
                    long committed = System.nanoTime();
                    lags[i] = (awaitPosition(reader, database, writer) - committed) / 1e6;
                    awaitRows(reader, read, database, writer, i + 1);
                }
                Samples samples = new Samples(lags);
                double period = mode.period().toMillis();
                List<Figure> figures = new ArrayList<>();
                Figure p50 = Figure.of(mode.key() + "-p50", mode.label() + ": lag p50", samples.median(), "ms", 0);
                figures.add(mode.push() ? p50.target("<= 50 ms", samples.median() <= 50)
                        : p50.target("about half the period: <= " + (int) (period / 2 + 50) + " ms",
                                samples.median() <= period / 2 + 50));
                figures.add(Figure.of(mode.key() + "-p99", mode.label() + ": lag p99", samples.percentile(99), "ms", 0));
                if (!mode.push()) {
                    figures.add(Figure.of(mode.key() + "-ratio", mode.label() + ": lag p50 / period", samples.median() / period, "", 2));
                }
                return figures;
            }
        } finally {
            writer.releaseLease(database);
            bench.close(writer);
            bench.close(reader);
        }
    }

    /** Waits until the reader is at the writer's position; returns when (System.nanoTime). */
    private static long awaitPosition(LiteVfs reader, String database, LiteVfs writer) {
        var target = writer.database(database).orElseThrow().position();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var seen = reader.database(database).map(status -> status.position()).orElse(null);
            long now = System.nanoTime();
            if (target.equals(seen)) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("the reader did not reach " + target + " within 30 s (it is at " + seen + ")");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Checks on the reader's connection that the commit is visible as data, not only as a position. */
    private static void awaitRows(LiteVfs reader, Connection read, String database, LiteVfs writer, long expected)
            throws SQLException {
        awaitPosition(reader, database, writer);
        try (Statement statement = read.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from events")) {
            result.next();
            if (result.getLong(1) != expected) {
                throw new IllegalStateException("the reader is at the writer's position but sees " + result.getLong(1)
                        + " rows instead of " + expected);
            }
        }
    }
}
