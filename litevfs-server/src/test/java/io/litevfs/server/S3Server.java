package io.litevfs.server;


import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketSettings;

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
 * A real S3 protocol server for tests: s3proxy from Maven Central, in a JVM of its own started from this
 * test's classpath, keeping its objects in a directory (its {@code filesystem-nio2} backend) so that it
 * can be stopped and started again on the same data, as an unreachable bucket that comes back.
 * The bucket {@value #BUCKET} exists once it has started.
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "litevfs";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private final Path directory;
    private final int port;
    private Process process;

    public S3Server(Path directory) throws IOException {
        this.directory = directory;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public static S3Server start(Path directory) throws Exception {
        S3Server server = new S3Server(directory);
        server.start();
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The store properties that put its data in this server's bucket under {@code prefix}. */
    public Map<String, String> storeProperties(String prefix) {
        return Map.of("litevfs.server.storage", "s3",
                "litevfs.server.s3.bucket", BUCKET,
                "litevfs.server.s3.prefix", prefix,
                "litevfs.server.s3.endpoint", endpoint().toString(),
                "litevfs.server.s3.region", "us-east-1",
                "litevfs.server.s3.path-style-access", "true");
    }

    /** A client of the bucket, under {@code prefix}. */
    public Bucket bucket(String prefix) {
        credentials();
        return Bucket.connect(new BucketSettings(BUCKET, prefix, endpoint(), "us-east-1", true));
    }

    /** The SDK's default chain reads these system properties: the store in this JVM finds its credentials. */
    public static void credentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public void start() throws Exception {
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
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + "; see "
                        + directory.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("s3proxy did not listen within 60 s; see " + directory.resolve("s3proxy.log"));
    }

    /** Stops the server at once (SIGKILL): the bucket becomes unreachable. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
