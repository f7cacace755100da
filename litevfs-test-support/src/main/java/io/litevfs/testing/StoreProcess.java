package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page store in a JVM of its own, started from the caller's classpath (which must hold
 * {@code litevfs-server}), as it runs in production: its CPU and memory are its own (the benchmarks read
 * its resident memory apart from the client's), and it can be killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) like a real crash, then started again. Each start lets the
 * store pick a free port and reads it from the log: a port chosen beforehand and reused after a kill can
 * meanwhile be taken as the local end of some outgoing connection, and the store would then fail to start.
 */
public final class StoreProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "io.litevfs.server.LiteVfsServerApplication";
    private static final String SERVER_LOGGER = "org.springframework.boot.reactor.netty.NettyWebServer";
    private static final Pattern STARTED_ON = Pattern.compile("Netty started on port (\\d+)");

    private final Path log;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final String heap;
    private Path dataDirectory;
    private int port;
    private @Nullable Process process;

    /** A store on {@code dataDirectory} logging to {@code log}, with a heap of 256 MiB. */
    public StoreProcess(Path dataDirectory, Path log) {
        this(dataDirectory, log, List.of(), Map.of(), "-Xmx256m");
    }

    /**
     * A store with further {@code --name=value} arguments, environment variables (a bucket's credentials,
     * see {@link S3Server#credentialsEnvironment}) and a heap ({@code -Xmx}).
     */
    public StoreProcess(Path dataDirectory, Path log, List<String> arguments, Map<String, String> environment,
                        String heap) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.heap = heap;
    }

    /** Starts a store as {@link #StoreProcess(Path, Path, List, Map, String)} describes and waits until it answers. */
    public static StoreProcess start(Path dataDirectory, Path log, List<String> arguments,
                                     Map<String, String> environment, String heap) throws IOException, InterruptedException {
        StoreProcess store = new StoreProcess(dataDirectory, log, arguments, environment, heap);
        store.start();
        return store;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The process id of the running store. */
    public long pid() {
        return running().pid();
    }

    /** Starts the store (again) and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", heap,
                "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "--server.address=127.0.0.1", "--server.port=0", "--litevfs.server.open=true",
                "--litevfs.server.data-dir=" + dataDirectory));
        command.addAll(arguments);
        command.add("--logging.level." + SERVER_LOGGER + "=INFO");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process started = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = started;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("the store process exited with " + started.exitValue() + "; the end of "
                        + log + ":\n" + endOfLog());
            }
            port = portIn(logStart);
            if (port > 0 && answers(http)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the store process did not answer within 60 s; see " + log);
    }

    private boolean answers(HttpClient http) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/pos")).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The port this start of the store listens on, once its log says so; 0 before. */
    private int portIn(long logStart) throws IOException {
        try (FileChannel channel = FileChannel.open(log)) {
            channel.position(logStart);
            String written = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
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
    public void dataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        running().destroyForcibly().waitFor();
    }

    /** Stops the store as an operator does (SIGTERM), at once (SIGKILL) if it has not stopped within 10 s. */
    @Override
    public void close() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor();
            }
        }
    }

    private Process running() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("the store process was never started");
        }
        return running;
    }
}
