package io.litevfs.benchmarks;

import io.litevfs.server.LiteVfsServer;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketRequests;
import io.litevfs.testing.S3Server;
import io.litevfs.testing.StoreProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store keeping its data in a bucket, against the same store on its local disk in the same run:
 * what a commit costs when the bucket orders it, on loopback and with the round trip to the bucket
 * priced in, and how many requests (so how many dollars) commits and reads cost on a bucket.
 */
final class BucketStore implements Suite {

    private static final Duration BUCKET_ROUND_TRIP = Duration.ofMillis(10);
    private static final int COUNTED_COMMITS = 100;
    private static final double PUT_LIST_PRICE = 0.005 / 1000;
    private static final double GET_PRICE = 0.0004 / 1000;
    private static final Pattern LEASE_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

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
                One client takes the write lease of a small database (2 pages) and uploads one transaction \
                after another under it (as in "The store"), for %d s after a 1 s warm-up, to:
                - **baseline**: the store keeping history on its local disk (commit log, one `fdatasync` per upload);
                - a store keeping history in a bucket (`litevfs.server.storage=s3`) of s3proxy 4.1.0 (filesystem \
                backend on this machine's disk), over loopback;
                - the same with a proxy adding a %d ms round trip between the store and the bucket (a bucket in \
                the same region is some milliseconds away; the client still reaches the store over loopback);
                - the same again with `litevfs.server.s3.durability=local-disk`: uploads under the lease are \
                acknowledged once forced to the store's disk and put in the bucket behind them.
                Each figure gives commits/s and the p50 and p99 of one commit as the client sees it.
                **Requests** are counted by the bucket client of a store in this JVM (every HTTP request it \
                sends, by billing kind) over %d commits under a lease, and for a replica started with an empty \
                disk on the bucket those commits made, then a cold page read on it. **Cost** prices them at \
                Amazon S3 Standard's request prices in US East (N. Virginia) as published at \
                https://aws.amazon.com/s3/pricing/ (unchanged since 2019 and current when this suite was written \
                in December 2026): $0.005 per 1,000 PUT, COPY, POST or LIST requests and $0.0004 per 1,000 GET \
                requests (a HEAD is billed as a GET).""".formatted(scale.storeSeconds, BUCKET_ROUND_TRIP.toMillis(), COUNTED_COMMITS);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path scratch = bench.scratch("bucket");
        long seconds = bench.scale().storeSeconds;
        List<Figure> figures = new ArrayList<>();
        try (S3Server s3 = S3Server.start(scratch.resolve("s3"), "-Xmx512m");
             LatencyProxy slow = LatencyProxy.start("127.0.0.1", s3.port());
             StoreProcess direct = onBucket(scratch, "direct", "http://127.0.0.1:" + s3.port());
             StoreProcess priced = onBucket(scratch, "priced", slow.url());
             StoreProcess behind = onBucket(scratch, "behind", slow.url(), "--litevfs.server.s3.durability=local-disk")) {
            slow.roundTrip(BUCKET_ROUND_TRIP);
            Commits disk = commits(bench.storeUrl(), scratch.resolve("disk"), seconds);
            Commits loopback = commits(direct.url(), scratch.resolve("loopback"), seconds);
            Commits remote = commits(priced.url(), scratch.resolve("remote"), seconds);
            Commits writtenBehind = commits(behind.url(), scratch.resolve("behind"), seconds);
            figures.addAll(disk.figures("disk", "baseline: store on its disk"));
            figures.addAll(loopback.figures("bucket", "store on a bucket (loopback)"));
            figures.addAll(remote.figures("bucket-rtt", "store on a bucket " + BUCKET_ROUND_TRIP.toMillis() + " ms away"));
            figures.addAll(writtenBehind.figures("behind-rtt", "the same, durability=local-disk (acknowledged from "
                    + "the replica's disk)"));
            figures.add(Figure.of("bucket-vs-disk", "store on a bucket (loopback): commits/s as a fraction of the disk's",
                    loopback.perSecond() / disk.perSecond(), "", 2));
            figures.addAll(requests(scratch, s3.port()));
        }
        return figures;
    }

    /** Commits/s and the latency of one commit, from one client holding the lease. */
    private record Commits(double perSecond, double p50Millis, double p99Millis) {

        List<Figure> figures(String key, String label) {
            return List.of(Figure.of(key, label + ", lease held: commits/s", perSecond, "/s", 0),
                    Figure.of(key + "-p50", label + ": commit p50", p50Millis, "ms", 1),
                    Figure.of(key + "-p99", label + ": commit p99", p99Millis, "ms", 1));
        }
    }

    private static Commits commits(String storeUrl, Path scratch, long seconds) throws Exception {
        Files.createDirectories(scratch);
        String database = "bucket-bench.db";
        StoreThroughput.Uploader uploader = new StoreThroughput.Uploader(storeUrl, scratch, database);
        uploader.underLease(acquireLease(storeUrl, database));
        long warmUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < warmUntil) {
            uploader.next();
        }
        List<Long> latencies = new ArrayList<>();
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < until) {
            long before = System.nanoTime();
            uploader.next();
            latencies.add(System.nanoTime() - before);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Collections.sort(latencies);
        return new Commits(latencies.size() / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99));
    }

    private static double percentile(List<Long> sorted, double fraction) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * sorted.size()))) / 1e6;
    }

    private static String acquireLease(String storeUrl, String database) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(storeUrl + "/lease?db=" + database + "&duration=600000"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = LEASE_ID.matcher(response.body());
        if (response.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("no lease for " + database + ": " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    /**
     * Requests to the bucket, counted by a store in this JVM: per commit under a lease, to start a replica
     * with an empty disk on what those commits made, and for a cold page read on that replica.
     */
    private static List<Figure> requests(Path scratch, int s3Port) throws Exception {
        S3Server.credentials();
        String endpoint = "http://127.0.0.1:" + s3Port;
        Path client = Files.createDirectories(scratch.resolve("counted-client"));
        BucketRequests perCommit;
        BucketRequests replicaStart;
        BucketRequests coldRead;
        try (LiteVfsServer writer = inProcess(scratch.resolve("counted-writer"), endpoint)) {
            StoreThroughput.Uploader uploader = new StoreThroughput.Uploader(writer.url(), client, "counted.db");
            uploader.underLease(acquireLease(writer.url(), "counted.db"));
            uploader.next();
            BucketRequests before = writer.component(Bucket.class).map(Bucket::requests).orElseThrow();
            for (int i = 0; i < COUNTED_COMMITS; i++) {
                uploader.next();
            }
            perCommit = writer.component(Bucket.class).map(Bucket::requests).orElseThrow().since(before);
        }
        try (LiteVfsServer fresh = inProcess(scratch.resolve("counted-fresh"), endpoint)) {
            replicaStart = fresh.component(Bucket.class).map(Bucket::requests).orElseThrow();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(fresh.url() + "/db/page?db=counted.db&pgno=2")).build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("the fresh replica did not serve page 2: " + page.statusCode() + " " + page.body());
            }
            coldRead = fresh.component(Bucket.class).map(Bucket::requests).orElseThrow().since(replicaStart);
        }
        double commits = COUNTED_COMMITS;
        double perMillionCommits = (perCommit.puts() + perCommit.lists()) / commits * 1e6 * PUT_LIST_PRICE
                + (perCommit.gets() + perCommit.heads()) / commits * 1e6 * GET_PRICE;
        return List.of(
                Figure.of("put-per-commit", "on a bucket, lease held: PUT requests per commit", perCommit.puts() / commits, "", 2),
                Figure.of("get-per-commit", "on a bucket, lease held: GET and HEAD requests per commit",
                        (perCommit.gets() + perCommit.heads()) / commits, "", 2),
                Figure.of("list-per-commit", "on a bucket, lease held: LIST requests per commit", perCommit.lists() / commits, "", 2),
                Figure.of("cost-per-million", "S3 Standard request cost of 1,000,000 commits", perMillionCommits, "USD", 2),
                Figure.of("start-requests", "a replica starting with an empty disk on " + (COUNTED_COMMITS + 1)
                        + " uploads: requests (LIST + GET)", replicaStart.lists() + replicaStart.gets(), "", 0),
                Figure.of("cold-read-requests", "a cold page read on that replica: bucket requests", coldRead.total(), "", 0));
    }

    private static LiteVfsServer inProcess(Path dataDirectory, String endpoint) {
        return LiteVfsServer.builder().dataDirectory(dataDirectory).openAccess()
                .property("litevfs.server.storage", "s3")
                .property("litevfs.server.s3.bucket", S3Server.BUCKET)
                .property("litevfs.server.s3.prefix", "counted/")
                .property("litevfs.server.s3.endpoint", endpoint)
                .property("litevfs.server.s3.region", "us-east-1")
                .property("litevfs.server.s3.path-style-access", "true")
                .property("litevfs.server.s3.poll-interval", "10m")
                .property("logging.level.root", "WARN")
                .start();
    }

    private static StoreProcess onBucket(Path scratch, String name, String endpoint, String... settings)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "--litevfs.server.storage=s3", "--litevfs.server.s3.bucket=" + S3Server.BUCKET,
                "--litevfs.server.s3.prefix=" + name + "/", "--litevfs.server.s3.endpoint=" + endpoint,
                "--litevfs.server.s3.region=us-east-1", "--litevfs.server.s3.path-style-access=true",
                "--logging.level.root=WARN"));
        arguments.addAll(List.of(settings));
        return StoreProcess.start(scratch.resolve(name), scratch.resolve(name + ".log"), arguments,
                S3Server.credentialsEnvironment(), Workbench.STORE_HEAP);
    }
}
