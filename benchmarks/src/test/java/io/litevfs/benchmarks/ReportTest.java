package io.litevfs.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report shows each figure beside the previous run's, and the targets with whether they were met. */
class ReportTest {

    private static final Suite SUITE = new Suite() {
        @Override
        public String id() {
            return "demo";
        }

        @Override
        public String title() {
            return "Demo suite";
        }

        @Override
        public String method(Scale scale) {
            return "How it is measured.";
        }

        @Override
        public List<Figure> run(Workbench bench) {
            return List.of();
        }
    };

    @Test
    void figuresAreComparedWithTheLatestCompleteRunOfTheSameScale(@TempDir Path results) throws Exception {
        RunRecord.of(Scale.FULL, "2026-01-01T00:00:00Z", Map.of("demo", List.of(Figure.of("rate", "rate", 400, "/s", 0))))
                .save(results);
        RunRecord.of(Scale.SMOKE, "2026-01-02T00:00:00Z", Map.of("demo", List.of(Figure.of("rate", "rate", 1, "/s", 0))))
                .save(results);
        RunRecord previous = RunRecord.latestComplete(results, Scale.FULL, List.of("demo")).orElseThrow();
        assertThat(previous.value("demo", "rate")).contains(400.0);
        assertThat(RunRecord.latestComplete(results, Scale.FULL, List.of("demo", "other"))).isEmpty();

        List<Figure> figures = List.of(Figure.of("rate", "commits per second", 500, "/s", 0).target(">= 500 /s", true),
                Figure.of("p50", "latency p50", 2.5, "ms", 2).spread(0.04));
        RunRecord run = RunRecord.of(Scale.FULL, "2026-01-03T00:00:00Z", Map.of("demo", figures));
        String markdown = new Report(Scale.FULL, Machine.describe(results), run, previous, List.of(SUITE),
                Map.of("demo", figures), "").markdown();

        assertThat(markdown).contains("| Demo suite: >= 500 /s | commits per second | 500 /s | 400 /s | yes |");
        assertThat(markdown).contains("| commits per second | 500 /s |  | 400 /s | +25% |");
        assertThat(markdown).contains("| latency p50 | 2.50 ms | 4% |  |  |");
        assertThat(markdown).contains("## 1. Demo suite").contains("How it is measured.");
    }

    @Test
    void percentilesAreNearestRank() {
        Samples samples = new Samples(new double[] {5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
        assertThat(samples.median()).isEqualTo(5);
        assertThat(samples.percentile(99)).isEqualTo(10);
        assertThat(samples.percentile(10)).isEqualTo(1);
        assertThat(samples.relativeSpread()).isEqualTo((8 - 3) / 2.0 / 5);
    }
}
