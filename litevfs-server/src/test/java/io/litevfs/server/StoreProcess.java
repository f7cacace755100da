package io.litevfs.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The store as a separate JVM, started from this test's classpath, so that it can be killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux) like a real crash.
 */
final class StoreProcess implements AutoCloseable {

    private Path dataDirectory;
    private final Path log;
    private final int port;
    private final List<String> arguments;
    private Process process;

    StoreProcess(Path dataDirectory, Path log) throws IOException {
        this(dataDirectory, log, List.of());
    }

    /** A store with further {@code --name=value} arguments (credentials of a bucket come from the environment). */
    StoreProcess(Path dataDirectory, Path log, List<String> arguments) throws IOException {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.arguments = List.copyOf(arguments);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the store and waits until it answers. */
    void start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LiteVfsServerApplication.class.getName(),
                "--server.address=127.0.0.1", "--server.port=" + port, "--litevfs.server.open=true",
                "--litevfs.server.data-dir=" + dataDirectory));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Http http = new Http(url());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the store process exited with " + process.exitValue() + "; the end of "
                        + log + ":\n" + endOfLog());
            }
            try {
                if (http.get("/pos").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the store process did not answer within 60 s; see " + log);
    }

    /** The last lines the store wrote, so that a failure in CI shows why without the file. */
    private String endOfLog() throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Where the next {@link #start} keeps its data: a replica on a bucket can start on an empty disk. */
    void dataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
