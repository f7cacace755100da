package io.litevfs.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process timed from its start to the first 200 it answers at a URL, asked every 20 ms, with the
 * CPU it had used by then ({@link ProcessCpu}); stopped (SIGTERM) once it answered.
 */
final class TimedServer {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration LONGEST = Duration.ofMinutes(3);

    /** {@code firstAnswerMillis} from start to the first 200; {@code cpuMillis} by then. */
    record Run(double firstAnswerMillis, double cpuMillis) {
    }

    private TimedServer() {
    }

    static Run run(List<String> command, URI url, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = started + LONGEST.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(command.getLast() + " exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        double answered = (System.nanoTime() - started) / 1e6;
                        return new Run(answered, ProcessCpu.millis(process.pid()));
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(POLL.toMillis());
            }
            throw new IllegalStateException("no answer at " + url + " within " + LONGEST + "; see " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
