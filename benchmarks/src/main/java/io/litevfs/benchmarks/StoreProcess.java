package io.litevfs.benchmarks;

import io.litevfs.server.LiteVfsServerApplication;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The page store in a JVM of its own, started from this program's classpath, as it runs in
 * production: its CPU and memory are its own, and its resident memory can be read apart from the
 * client's.
 */
final class StoreProcess implements AutoCloseable {

    /** The store's heap limit: the figures hold for a store given this much. */
    static final String HEAP = "-Xmx512m";

    private final Process process;
    private final String url;

    private StoreProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a store keeping its data in {@code dataDirectory} and waits until it answers. */
    static StoreProcess start(Path dataDirectory, Path log) throws IOException, InterruptedException {
        return start(dataDirectory, log, List.of(), java.util.Map.of());
    }

    /** The same with further {@code --name=value} arguments and environment variables (a bucket's credentials). */
    static StoreProcess start(Path dataDirectory, Path log, List<String> arguments, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", HEAP,
                "-cp", System.getProperty("java.class.path"), LiteVfsServerApplication.class.getName(),
                "--server.address=127.0.0.1", "--server.port=" + port, "--litevfs.server.open=true",
                "--litevfs.server.data-dir=" + dataDirectory, "--logging.level.root=WARN"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        StoreProcess store = new StoreProcess(process, "http://127.0.0.1:" + port);
        store.awaitAnswer(log);
        return store;
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    private void awaitAnswer(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the store exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/pos")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the store did not answer within 60 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
