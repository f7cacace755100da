package io.litevfs.benchmarks;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original LiteVFS 0.1.1 (the Rust extension from its npm release), loaded into Debian's
 * {@code sqlite3} as its README says: {@code .load}, then {@code .open file:NAME?vfs=litevfs}, configured
 * by its environment variables. Installed by {@code scripts/install-original-litevfs}; each query runs
 * in a new {@code sqlite3} process with an empty cache directory, so it is as cold as it can be.
 */
final class OriginalLiteVfs {

    private static final String INSTALLER = "scripts/install-original-litevfs";
    private static final Pattern RUN_TIME = Pattern.compile("Run Time: real ([0-9.]+)");
    private static final long QUERY_TIMEOUT_SECONDS = 300;

    private final Path library;

    private OriginalLiteVfs(Path library) {
        this.library = library;
    }

    /** What installing gave: the original, or why it is not there. */
    record Installed(@Nullable OriginalLiteVfs original, String why) {
    }

    /** Installs the original (or finds it installed) with the project's script. */
    static Installed install() throws IOException, InterruptedException {
        InstallScript installed = InstallScript.run(INSTALLER, Files::isRegularFile);
        Path library = installed.path();
        return new Installed(library == null ? null : new OriginalLiteVfs(library), installed.why());
    }

    /** The extension itself, {@code liblitevfs.so}. */
    Path library() {
        return library;
    }

    /**
     * Runs {@code sql} on {@code database} of the store at {@code storeUrl}, with an empty cache in
     * {@code cacheDirectory}; returns the statement's time as {@code .timer} reports it, in milliseconds.
     *
     * @throws IllegalStateException when sqlite3 or the extension reports an error
     */
    double run(String storeUrl, String database, String sql, Path cacheDirectory) throws IOException, InterruptedException {
        return run(storeUrl, database, List.of(), sql, cacheDirectory);
    }

    /** The same, running {@code setup} (statements, untimed) after the open and before {@code sql}. */
    double run(String storeUrl, String database, List<String> setup, String sql, Path cacheDirectory)
            throws IOException, InterruptedException {
        Files.createDirectories(cacheDirectory);
        ProcessBuilder builder = new ProcessBuilder("sqlite3", "-batch");
        builder.environment().put("LITEFS_CLOUD_HOST", storeUrl);
        builder.environment().put("LITEFS_CLOUD_TOKEN", "benchmarks");
        builder.environment().put("LITEFS_CLOUD_CLUSTER", "default");
        builder.environment().put("LITEVFS_CACHE_DIR", cacheDirectory.toString());
        Path output = cacheDirectory.resolve("sqlite3.out");
        builder.redirectOutput(output.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        List<String> lines = new java.util.ArrayList<>(List.of(".bail on", ".load " + library, ".open file:" + database + "?vfs=litevfs"));
        setup.forEach(statement -> lines.add(statement + ";"));
        lines.addAll(List.of(".timer on", sql.strip() + ";", ".quit", ""));
        String script = String.join("\n", lines);
        try (var in = process.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the original LiteVFS took more than " + QUERY_TIMEOUT_SECONDS + " s on: " + sql);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Matcher time = RUN_TIME.matcher(printed);
        if (process.exitValue() != 0 || !time.find() || printed.contains("Error")) {
            throw new IllegalStateException("the original LiteVFS failed on " + sql + " (exit " + process.exitValue()
                    + "): " + printed.strip());
        }
        return Double.parseDouble(time.group(1)) * 1000;
    }

    /** {@code relative} in the working directory or the nearest directory above it that has it. */
    static @Nullable Path projectFile(String relative) {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
