package io.litevfs.benchmarks;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * What one of the project's install scripts gave (they install a tool the benchmarks compare against, or
 * find it installed, and print its path): the path, or why there is none (the script's own message).
 */
record InstallScript(@Nullable Path path, String why) {

    /** Runs {@code script} (relative to the project) and keeps the path it printed if {@code usable} accepts it. */
    static InstallScript run(String script, Predicate<Path> usable) throws IOException, InterruptedException {
        Path file = OriginalLiteVfs.projectFile(script);
        if (file == null) {
            return new InstallScript(null, script + " not found above " + Path.of("").toAbsolutePath());
        }
        Process process = new ProcessBuilder("bash", file.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || out.isEmpty() || !usable.test(Path.of(out))) {
            return new InstallScript(null, err.isEmpty() ? script + " failed" : err);
        }
        return new InstallScript(Path.of(out), "installed at " + out);
    }
}
