package io.litevfs.benchmarks;

import org.jspecify.annotations.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks and writes BENCHMARKS.md. Options:
 * <pre>
 *   --scale=full|smoke     sizes (default full)
 *   --only=id,id           run these suites only (their figures are printed, not kept; the report is left alone)
 *   --work=DIR             where databases, caches and the store's data go (default benchmarks/target/bench)
 *   --results=DIR          where each run's figures are kept as JSON (default benchmarks/results;
 *                          benchmarks/target/results for a smoke run)
 *   --report=FILE          the report to write (default BENCHMARKS.md; benchmarks/target/BENCHMARKS-smoke.md
 *                          for a smoke run, whose figures mean nothing)
 * </pre>
 */
public final class Benchmarks {

    static final List<Suite> SUITES = List.of(new WarmReads(), new ColdReads(), new AgainstOriginal(), new CorpusAgainstOriginal(), new ReplicationLag(),
            new Writes(), new StoreThroughput(), new BucketStore(), new PageAnswers(), new Startup());

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Scale scale = Scale.valueOf(options.getOrDefault("scale", "full").toUpperCase(Locale.ROOT));
        List<Suite> chosen = chosen(options.get("only"));
        Path work = Path.of(options.getOrDefault("work", "benchmarks/target/bench")).toAbsolutePath();
        boolean full = scale == Scale.FULL;
        Path results = Path.of(options.getOrDefault("results", full ? "benchmarks/results" : "benchmarks/target/results"));
        Path report = Path.of(options.getOrDefault("report", full ? "BENCHMARKS.md" : "benchmarks/target/BENCHMARKS-smoke.md"));
        run(scale, chosen, work, results, chosen.size() == SUITES.size() ? report : null);
    }

    /**
     * Runs {@code suites}; when {@code report} is not null, keeps the figures in {@code results} and writes
     * the report. Returns the figures by suite id.
     */
    static Map<String, List<Figure>> run(Scale scale, List<Suite> suites, Path work, Path results, @Nullable Path report) throws Exception {
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Files.createDirectories(work);
        Machine machine = Machine.describe(work);
        Map<String, List<Figure>> figures = new LinkedHashMap<>();
        List<String> ids = suites.stream().map(Suite::id).toList();
        var previous = RunRecord.latestComplete(results, scale, ids).orElse(null);
        try (Workbench bench = Workbench.start(scale, work)) {
            for (Suite suite : suites) {
                System.out.printf("== %s (%s)%n", suite.title(), lower(scale));
                long begun = System.nanoTime();
                List<Figure> measured = new ArrayList<>(suite.run(bench));
                figures.put(suite.id(), measured);
                for (Figure figure : measured) {
                    System.out.printf("   %-70s %s%n", figure.label(), figure.formatted());
                }
                if (report == null) {
                    System.out.println(suite.summary(measured).strip());
                }
                System.out.printf("   (%.0f s)%n", (System.nanoTime() - begun) / 1e9);
            }
        }
        if (report != null) {
            RunRecord record = RunRecord.of(scale, started, figures);
            System.out.println("figures kept in " + record.save(results));
            Path findings = Path.of("benchmarks", "FINDINGS.md");
            String findingsText = scale == Scale.FULL && Files.exists(findings) ? Files.readString(findings) : "";
            Files.writeString(report, new Report(scale, machine, record, previous, suites, figures, findingsText).markdown());
            System.out.println("report written to " + report.toAbsolutePath());
        }
        return figures;
    }

    private static List<Suite> chosen(@Nullable String only) {
        if (only == null || only.isBlank()) {
            return SUITES;
        }
        List<String> wanted = Arrays.stream(only.split(",")).map(String::strip).toList();
        for (String id : wanted) {
            if (SUITES.stream().noneMatch(suite -> suite.id().equals(id))) {
                throw new IllegalArgumentException("no suite '" + id + "'; the suites are "
                        + SUITES.stream().map(Suite::id).toList());
            }
        }
        return SUITES.stream().filter(suite -> wanted.contains(suite.id())).toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; use --scale=, --only=, --work=, "
                        + "--results= or --report=");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private static String lower(Scale scale) {
        return scale.name().toLowerCase(Locale.ROOT);
    }
}
