package io.litevfs.benchmarks;

import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command timed from the moment it is started: when its first answer line appears on standard output,
 * when it exits, and how much CPU it and its children used (user and system). The command runs under a
 * {@code bash} that, once it has waited for it, prints its own {@code /proc/self/stat}, whose children's
 * fields ({@code cutime}, {@code cstime}) hold what the command used; Linux only.
 */
final class TimedProcess {

    private static final long TIMEOUT_SECONDS = 600;
    private static final double MILLIS_PER_TICK = 10;
    private static final String WRAPPER = "\"$@\"; rc=$?; cat /proc/$$/stat >&2; exit $rc";

    /**
     * One timed run.
     *
     * @param firstAnswerMillis from start to the first line {@code isAnswer} accepted; NaN if none came
     * @param exitMillis        from start to the process's exit
     * @param cpuMillis         user and system CPU of the command and its children
     * @param output            every line of standard output
     */
    record Run(double firstAnswerMillis, double exitMillis, double cpuMillis, List<String> output) {

        /** The line of output that starts with {@code prefix}, if any. */
        @Nullable String line(String prefix) {
            return output.stream().filter(line -> line.startsWith(prefix)).findFirst().orElse(null);
        }
    }

    private TimedProcess() {
    }

    /**
     * Runs {@code command} in {@code directory} with {@code environment} added, standard input from
     * {@code input} (or none), its errors to {@code errors}.
     *
     * @throws IllegalStateException when it fails, times out or gives no answer
     */
    static Run run(List<String> command, Map<String, String> environment, @Nullable Path input, Path errors,
                   Predicate<String> isAnswer) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", WRAPPER, "timed"));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped).redirectError(errors.toFile());
        builder.environment().putAll(environment);
        builder.redirectInput(input != null ? ProcessBuilder.Redirect.from(input.toFile()) : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        double firstAnswer = Double.NaN;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (Double.isNaN(firstAnswer) && isAnswer.test(line.strip())) {
                    firstAnswer = (System.nanoTime() - started) / 1e6;
                }
                output.add(line);
            }
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.getFirst() + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        double exit = (System.nanoTime() - started) / 1e6;
        List<String> errorLines = Files.readAllLines(errors, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || Double.isNaN(firstAnswer)) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                    + (Double.isNaN(firstAnswer) ? " without an answer" : "") + "; output " + output
                    + "; errors " + tail(errorLines));
        }
        return new Run(firstAnswer, exit, childrenCpuMillis(errorLines), output);
    }

    /** The children's CPU from the wrapper's last stat line: the fields after its command name, 14th and 15th. */
    private static double childrenCpuMillis(List<String> errorLines) {
        for (int i = errorLines.size() - 1; i >= 0; i--) {
            String line = errorLines.get(i);
            int end = line.lastIndexOf(") ");
            if (end > 0 && line.contains("(bash)")) {
                String[] fields = line.substring(end + 2).split(" ");
                return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * MILLIS_PER_TICK;
            }
        }
        throw new IllegalStateException("no CPU figures from the wrapper: " + tail(errorLines));
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size());
    }
}
