package io.litevfs.benchmarks;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The figures of one run, kept as JSON in the results directory so that the next run can be compared
 * with it: suite id, then figure key, then value.
 */
record RunRecord(String scale, String started, Map<String, Map<String, Double>> values) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RunRecord of(Scale scale, String started, Map<String, List<Figure>> results) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        results.forEach((suite, figures) -> {
            Map<String, Double> byKey = new LinkedHashMap<>();
            figures.forEach(figure -> byKey.put(figure.key(), figure.value()));
            values.put(suite, byKey);
        });
        return new RunRecord(scale.name().toLowerCase(java.util.Locale.ROOT), started, values);
    }

    Optional<Double> value(String suite, String key) {
        return Optional.ofNullable(values.getOrDefault(suite, Map.of()).get(key));
    }

    /** Saves this run as {@code <scale>-<started>.json}. */
    Path save(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(scale + "-" + started.replace(':', '-') + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        return file;
    }

    /** The latest run of {@code scale} saved in {@code directory} that ran every suite, if any. */
    static Optional<RunRecord> latestComplete(Path directory, Scale scale, List<String> suites) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        String prefix = scale.name().toLowerCase(java.util.Locale.ROOT) + "-";
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted(Comparator.comparing(Path::getFileName).reversed()).toList()) {
                RunRecord run = JSON.readValue(file.toFile(), RunRecord.class);
                if (run.values().keySet().containsAll(suites)) {
                    return Optional.of(run);
                }
            }
        }
        return Optional.empty();
    }
}
