package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real S3 protocol server: s3proxy from Maven Central, in a JVM of its own started from the caller's
 * classpath (which must hold {@code org.gaul:s3proxy}), keeping its objects in a directory (its
 * {@code filesystem-nio2} backend) so that it can be stopped and started again on the same data, as an
 * unreachable bucket that comes back. The bucket {@value #BUCKET} exists once it has started. Tests and
 * the benchmarks use it alike.
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "litevfs";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private final Path directory;
    private final String heap;
    private final int port;
    private @Nullable Process process;

    /** A server keeping its objects under {@code directory}, its JVM given {@code heap} ({@code -Xmx}). */
    public S3Server(Path directory, String heap) throws IOException {
        this.directory = directory;
        this.heap = heap;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Starts a server with a heap of 256 MiB, as tests give it. */
    public static S3Server start(Path directory) throws IOException, InterruptedException {
        return start(directory, "-Xmx256m");
    }

    /** Starts a server whose JVM is given {@code heap}. */
    public static S3Server start(Path directory, String heap) throws IOException, InterruptedException {
        S3Server server = new S3Server(directory, heap);
        server.start();
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The store properties that put its data in this server's bucket under {@code prefix}. */
    public Map<String, String> storeProperties(String prefix) {
        return Map.of("litevfs.server.storage", "s3",
                "litevfs.server.s3.bucket", BUCKET,
                "litevfs.server.s3.prefix", prefix,
                "litevfs.server.s3.endpoint", endpoint().toString(),
                "litevfs.server.s3.region", REGION,
                "litevfs.server.s3.path-style-access", "true");
    }

    /** The environment through which the AWS SDK of another process finds this server's credentials. */
    public static Map<String, String> credentialsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The SDK's default chain reads these system properties: a store in this JVM finds its credentials. */
    public static void credentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    /** Starts the server (again, on the same objects) and waits until it listens. */
    public void start() throws IOException, InterruptedException {
        Path objects = directory.resolve("objects");
        Files.createDirectories(objects.resolve(BUCKET));
        Path properties = directory.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + objects) + "\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process started = new ProcessBuilder(List.of(java, heap, "-cp", System.getProperty("java.class.path"),
                "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                .start();
        process = started;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + started.exitValue() + "; see "
                        + directory.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        started.destroyForcibly();
        throw new IllegalStateException("s3proxy did not listen within 60 s; see " + directory.resolve("s3proxy.log"));
    }

    /** Stops the server at once (SIGKILL): the bucket becomes unreachable. */
    public void stop() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
