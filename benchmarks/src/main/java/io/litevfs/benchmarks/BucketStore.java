package io.litevfs.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store keeping its data in a bucket, against the same store on its local disk in the same run:
 * what a commit costs when the bucket orders it, on loopback and with the round trip to the bucket
 * priced in.
 */
final class BucketStore implements Suite {

    private static final String ACCESS_KEY = "bench-access-key";
    private static final String SECRET_KEY = "bench-secret-key";
    private static final Duration BUCKET_ROUND_TRIP = Duration.ofMillis(10);

    @Override
    public String id() {
        return "bucket";
    }

    @Override
    public String title() {
        return "The store on a bucket";
    }

    @Override
    public String method(Scale scale) {
        return """
                One client uploads small transactions one after another (a 2-page database, each upload the next \
                transaction, as in "The store"), for %d s after a 1 s warm-up, to:
                - **baseline**: the store keeping history on its local disk (commit log, one `fdatasync` per upload);
                - a store keeping history in a bucket (`litevfs.server.storage=s3`) of s3proxy 4.0.0 (filesystem \
                backend on this machine's disk), over loopback;
                - the same with a proxy adding a %d ms round trip between the store and the bucket (a bucket in \
                the same region is some milliseconds away; the client still reaches the store over loopback).
                On a bucket each upload is one conditional `PUT` (the store's view is fresh, so it does not list \
                first); no lease is named, so there is no lease read.""".formatted(scale.storeSeconds,
                BUCKET_ROUND_TRIP.toMillis());
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path scratch = bench.scratch("bucket");
        long seconds = bench.scale().storeSeconds;
        List<Figure> figures = new ArrayList<>();
        try (S3ProxyProcess s3 = S3ProxyProcess.start(scratch.resolve("s3"));
             LatencyProxy slow = LatencyProxy.start("127.0.0.1", s3.port());
             StoreProcess direct = onBucket(scratch, "direct", "http://127.0.0.1:" + s3.port());
             StoreProcess priced = onBucket(scratch, "priced", slow.url())) {
            slow.roundTrip(BUCKET_ROUND_TRIP);
            double disk = uploads(bench.storeUrl(), scratch.resolve("disk"), seconds);
            double loopback = uploads(direct.url(), scratch.resolve("loopback"), seconds);
            double remote = uploads(priced.url(), scratch.resolve("remote"), seconds);
            figures.add(Figure.of("disk", "baseline: store on its disk, 1 client: uploads/s", disk, "/s", 0));
            figures.add(Figure.of("bucket", "store on a bucket (loopback), 1 client: uploads/s", loopback, "/s", 0));
            figures.add(Figure.of("bucket-rtt", "store on a bucket " + BUCKET_ROUND_TRIP.toMillis()
                    + " ms away, 1 client: uploads/s", remote, "/s", 0));
            figures.add(Figure.of("bucket-rtt-latency", "store on a bucket " + BUCKET_ROUND_TRIP.toMillis()
                    + " ms away: time per upload", 1000 / remote, "ms", 1));
            figures.add(Figure.of("bucket-vs-disk", "store on a bucket (loopback): uploads/s as a fraction of the disk's",
                    loopback / disk, "", 2));
        }
        return figures;
    }

    private static double uploads(String storeUrl, Path scratch, long seconds) throws Exception {
        Files.createDirectories(scratch);
        StoreThroughput.Uploader uploader = new StoreThroughput.Uploader(storeUrl, scratch, "bucket-bench.db");
        return StoreThroughput.load(1, seconds, (client, random) -> uploader.next());
    }

    private static StoreProcess onBucket(Path scratch, String name, String endpoint) throws IOException, InterruptedException {
        return StoreProcess.start(scratch.resolve(name), scratch.resolve(name + ".log"), List.of(
                "--litevfs.server.storage=s3", "--litevfs.server.s3.bucket=" + S3ProxyProcess.BUCKET,
                "--litevfs.server.s3.prefix=" + name + "/", "--litevfs.server.s3.endpoint=" + endpoint,
                "--litevfs.server.s3.region=us-east-1", "--litevfs.server.s3.path-style-access=true"),
                Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
    }

    /** s3proxy in a JVM of its own, its objects in a directory, with one bucket. */
    private static final class S3ProxyProcess implements AutoCloseable {

        static final String BUCKET = "litevfs-bench";

        private final Process process;
        private final int port;

        private S3ProxyProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static S3ProxyProcess start(Path directory) throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.createDirectories(directory.resolve("objects").resolve(BUCKET));
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY, "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + ACCESS_KEY, "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + directory.resolve("objects")) + "\n");
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new S3ProxyProcess(process, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("s3proxy did not start; see " + directory.resolve("s3proxy.log"));
        }

        int port() {
            return port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }
}
