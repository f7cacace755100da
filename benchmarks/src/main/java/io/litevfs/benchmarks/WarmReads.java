package io.litevfs.benchmarks;

import io.litevfs.core.LiteVfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A database entirely in LiteVFS's cache against the same file through SQLite's own unix VFS. */
final class WarmReads implements Suite {

    private static final String DATABASE = "warm";

    @Override
    public String id() {
        return "warm";
    }

    @Override
    public String title() {
        return "Warm reads";
    }

    @Override
    public String method(Scale scale) {
        return """
                A %d MiB database (`items`, rows of 200-byte incompressible payloads) is imported into the \
                store and cached entirely by one node (`LiteVfs.cacheDatabase`). The **baseline** is the very \
                same SQLite file opened with SQLite's default unix VFS, read once beforehand so that it sits in \
                the OS page cache. Both connections live in the same JVM with SQLite's default page cache \
                (2 MiB), so nearly every page read goes to the VFS. Timed, in %d rounds that alternate which \
                side goes first: a full scan (`%s`) and %,d point lookups by random key reading every column \
                (one prepared statement). Each ratio is the median of the per-round ratios LiteVFS / unix VFS; \
                below 1 means LiteVFS is faster.""".formatted(scale.warmMegabytes, scale.rounds, Queries.FULL_SCAN,
                scale.lookups);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path file = bench.warmSample();
        long rows = SampleDatabase.rows(file);
        LiteVfs node = bench.node("warm", builder -> builder);
        try (Connection vfs = DriverManager.getConnection(node.jdbcUrl(DATABASE));
             Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1")) {
            vfs.createStatement().executeQuery("select count(*) from sqlite_schema").close();
            node.cacheDatabase(DATABASE);
            Queries.fullScan(plain);
            long requestsBefore = requests(node);
            Timings scan = new Timings();
            Timings lookups = new Timings();
            for (int round = 0; round < bench.scale().rounds; round++) {
                boolean vfsFirst = round % 2 == 0;
                long seed = 1000 + round;
                scan.round(vfsFirst, () -> Queries.fullScan(vfs), () -> Queries.fullScan(plain));
                lookups.round(vfsFirst, () -> Queries.pointLookups(vfs, rows, bench.scale().lookups, seed),
                        () -> Queries.pointLookups(plain, rows, bench.scale().lookups, seed));
            }
            long remote = requests(node) - requestsBefore;
            List<Figure> figures = new ArrayList<>();
            figures.add(Figure.of("size", "database size", Files.size(file) / (double) (1 << 20), "MiB", 0));
            figures.addAll(scan.figures("scan", "full scan"));
            figures.addAll(lookups.figures("lookups", "%,d point lookups".formatted(bench.scale().lookups)));
            figures.add(Figure.of("remote", "remote requests during the timed rounds", remote, "", 0)
                    .target("0", remote == 0));
            return figures;
        } finally {
            bench.close(node);
        }
    }

    private static long requests(LiteVfs node) {
        return node.database(DATABASE).orElseThrow().remoteRequests();
    }

    /** The paired timings of one query: LiteVFS and the unix VFS, one pair per round. */
    private static final class Timings {

        private final List<Double> vfs = new ArrayList<>();
        private final List<Double> plain = new ArrayList<>();

        void round(boolean vfsFirst, Timed onVfs, Timed onPlain) throws SQLException {
            if (vfsFirst) {
                vfs.add(onVfs.millis());
                plain.add(onPlain.millis());
            } else {
                plain.add(onPlain.millis());
                vfs.add(onVfs.millis());
            }
        }

        List<Figure> figures(String key, String label) {
            Samples onVfs = new Samples(vfs.stream().mapToDouble(Double::doubleValue).toArray());
            Samples onPlain = new Samples(plain.stream().mapToDouble(Double::doubleValue).toArray());
            double[] pairs = new double[vfs.size()];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = vfs.get(i) / plain.get(i);
            }
            Samples ratios = new Samples(pairs);
            return List.of(
                    Figure.of(key + "-unix", label + ", baseline unix VFS (median)", onPlain.median(), "ms", 1)
                            .spread(onPlain.relativeSpread()),
                    Figure.of(key + "-litevfs", label + ", LiteVFS (median)", onVfs.median(), "ms", 1)
                            .spread(onVfs.relativeSpread()),
                    Figure.of(key + "-ratio", label + ", LiteVFS / unix VFS", ratios.median(), "", 2)
                            .spread(ratios.relativeSpread())
                            .target("<= 1.0", ratios.median() <= 1.0));
        }
    }

    @FunctionalInterface
    interface Timed {
        long run() throws SQLException;

        default double millis() throws SQLException {
            long started = System.nanoTime();
            run();
            return (System.nanoTime() - started) / 1e6;
        }
    }
}
