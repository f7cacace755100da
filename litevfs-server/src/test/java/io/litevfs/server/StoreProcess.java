package io.litevfs.server;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store as a separate JVM, started from this test's classpath, so that it can be killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux) like a real crash. Each start lets the store pick
 * a free port and reads it from the log: a port chosen beforehand and reused after a kill can meanwhile
 * be taken as the local end of some outgoing connection, and the store would then fail to start.
 */
final class StoreProcess implements AutoCloseable {

    private Path dataDirectory;
    private final Path log;
    private static final Pattern STARTED_ON = Pattern.compile("Netty started on port (\\d+)");

    private int port;
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
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the store and waits until it answers. */
    void start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LiteVfsServerApplication.class.getName(),
                "--server.address=127.0.0.1", "--server.port=0", "--litevfs.server.open=true",
                "--litevfs.server.data-dir=" + dataDirectory));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the store process exited with " + process.exitValue() + "; the end of "
                        + log + ":\n" + endOfLog());
            }
            port = portIn(logStart);
            if (port > 0 && answers()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the store process did not answer within 60 s; see " + log);
    }

    private boolean answers() {
        try {
            return new Http(url()).get("/pos").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The port this start of the store listens on, once its log says so; 0 before. */
    private int portIn(long logStart) throws IOException {
        try (var channel = FileChannel.open(log)) {
            channel.position(logStart);
            String written = new String(Channels.newInputStream(channel).readAllBytes(),
                    StandardCharsets.UTF_8);
            Matcher started = STARTED_ON.matcher(written);
            return started.find() ? Integer.parseInt(started.group(1)) : 0;
        }
    }

    /** The last lines the store wrote, so that a failure in CI shows why without the file. */
    private String endOfLog() throws IOException {
        List<String> lines = Files.readAllLines(log);
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
