package io.litevfs.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark, at tiny sizes, against a real store process: they run to the end, produce every
 * figure and the report. Their values are not judged here (no timing assertions in tests); only that
 * each is a real measurement.
 */
class BenchmarksSmokeTest {

    @Test
    void everySuiteRunsAndTheReportHoldsItsFigures(@TempDir Path directory) throws Exception {
        Path report = directory.resolve("BENCHMARKS.md");
        Path results = directory.resolve("results");
        Map<String, List<Figure>> figures = Benchmarks.run(Scale.SMOKE, Benchmarks.SUITES, directory.resolve("work"),
                results, report);

        assertThat(figures.keySet()).containsExactlyElementsOf(Benchmarks.SUITES.stream().map(Suite::id).toList());
        figures.forEach((suite, list) -> {
            assertThat(list).as(suite).isNotEmpty();
            list.forEach(figure -> assertThat(figure.value()).as(suite + " " + figure.key()).isFinite().isNotNegative());
        });
        assertThat(figures.get("warm")).anySatisfy(figure -> assertThat(figure.key()).isEqualTo("scan-ratio"));
        assertThat(figures.get("writes")).filteredOn(figure -> figure.key().endsWith("-rate"))
                .allSatisfy(figure -> assertThat(figure.value()).isPositive());

        String markdown = Files.readString(report);
        for (Suite suite : Benchmarks.SUITES) {
            assertThat(markdown).contains("## ").contains(suite.title());
        }
        assertThat(markdown).contains("## Targets").contains("## Machine and command");
        try (var files = Files.list(results)) {
            assertThat(files.toList()).singleElement().satisfies(file -> assertThat(file.toString()).endsWith(".json"));
        }
    }
}
