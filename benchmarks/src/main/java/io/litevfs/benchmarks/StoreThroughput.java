package io.litevfs.benchmarks;

import io.litevfs.core.db.DatabaseImport;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.LfscHeaders;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The store under load from plain HTTP clients: page reads, uploads, and its memory. */
final class StoreThroughput implements Suite {

    private static final int[] CLIENTS = {1, 4, 16};
    private static final int BATCH = 32;
    private static final int UPLOADERS = 4;

    @Override
    public String id() {
        return "store";
    }

    @Override
    public String title() {
        return "The store";
    }

    @Override
    public String method(Scale scale) {
        return """
                The store runs in its own JVM (`%s`); the clients are threads of this process, each with its \
                own JDK `HttpClient` (HTTP/1.1, one kept-alive connection), for %d s per measurement.
                - **`/db/page`**: 1, 4 and 16 clients ask for one random page of the %d MiB warm database at its \
                current position, then for %d consecutive pages from a random start (the size of a default \
                prefetch). The **baseline** is `GET /pos` with the same clients: the store's cheapest request, \
                so the ratio is the share of its bare request rate left when each request reads a page.
                - **`/db/tx`**: %d clients each upload one small transaction after another (a 2-page database \
                file, imported as the next transaction of its own database, so they never wait for each \
                other), and one client alone. The **baseline** is what the disk allows: a loop doing what the \
                store must do to keep an upload durable (write an 8 KiB file, fsync it, rename it, fsync the \
                directory) in the store's data directory.
                - **Memory**: resident set size of the store (now and its peak over the whole run: every suite \
                before this one loaded it too) and of this client process (its peak, after every suite).""".formatted(
                Workbench.STORE_HEAP, scale.storeSeconds, scale.warmMegabytes, BATCH, UPLOADERS);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path file = bench.warmSample();
        int pages = (int) (Files.size(file) / 4096);
        Pos pos = currentPosition(bench, "warm");
        long seconds = bench.scale().storeSeconds;
        List<Figure> figures = new ArrayList<>();
        for (int clients : CLIENTS) {
            double bare = load(clients, seconds, (client, random) -> get(bench.storeUrl() + "/pos"));
            double single = load(clients, seconds, (client, random) -> get(pageUrl(bench, pos, random.nextInt(pages) + 1, 1)));
            double batched = BATCH * load(clients, seconds,
                    (client, random) -> get(pageUrl(bench, pos, random.nextInt(pages - BATCH) + 1, BATCH)));
            figures.add(Figure.of("pos-" + clients, clients + " clients, baseline GET /pos: requests/s", bare, "/s", 0));
            figures.add(Figure.of("page-" + clients, clients + " clients, /db/page one page: pages/s", single, "/s", 0));
            figures.add(Figure.of("batch-" + clients, clients + " clients, /db/page " + BATCH + " pages: pages/s", batched, "/s", 0));
            figures.add(Figure.of("page-ratio-" + clients, clients + " clients, one-page requests/s / GET /pos requests/s",
                    single / bare, "", 2));
        }
        Path scratch = bench.scratch("store");
        figures.add(Figure.of("durable-files", "baseline: durable 8 KiB files/s on this disk (1 writer)",
                durableFiles(scratch, seconds), "/s", 0));
        figures.add(Figure.of("tx-1", "/db/tx, 1 client: uploads/s", uploads(bench, scratch, 1, seconds), "/s", 0));
        figures.add(Figure.of("tx-" + UPLOADERS, "/db/tx, " + UPLOADERS + " clients: uploads/s",
                uploads(bench, scratch, UPLOADERS, seconds), "/s", 0));
        ResidentMemory store = bench.storeMemory();
        ResidentMemory client = ResidentMemory.self();
        figures.add(Figure.of("store-rss", "store resident memory now", store.currentBytes() / (double) (1 << 20), "MiB", 0));
        figures.add(Figure.of("store-peak", "store resident memory, peak over the run", store.peakBytes() / (double) (1 << 20), "MiB", 0));
        figures.add(Figure.of("client-peak", "client process resident memory, peak over the run",
                client.peakBytes() / (double) (1 << 20), "MiB", 0));
        return figures;
    }

    private static Pos currentPosition(Workbench bench, String database) throws Exception {
        String body = get(bench.storeUrl() + "/pos");
        var positions = tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(body, new tools.jackson.core.type.TypeReference<java.util.Map<String, Pos>>() { });
        Pos pos = positions.get(database);
        if (pos == null) {
            throw new IllegalStateException("the store has no database " + database);
        }
        return pos;
    }

    private static String pageUrl(Workbench bench, Pos pos, int first, int count) {
        StringBuilder pgnos = new StringBuilder();
        for (int pgno = first; pgno < first + count; pgno++) {
            pgnos.append(pgno == first ? "" : ",").append(pgno);
        }
        return bench.storeUrl() + "/db/page?db=warm&pos=" + pos + "&pgno=" + pgnos;
    }

    /** What one client thread does once, with its own HTTP client and random numbers. */
    @FunctionalInterface
    interface Request {
        void send(int client, SplittableRandom random) throws Exception;
    }

    private static final ThreadLocal<HttpClient> HTTP = ThreadLocal.withInitial(
            () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.get().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Runs {@code clients} threads sending {@code request} for {@code seconds} (after a 1 s warm-up); requests/s. */
    static double load(int clients, long seconds, Request request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            long until = warmUntil + seconds * 1_000_000_000L;
            for (int client = 0; client < clients; client++) {
                int index = client;
                SplittableRandom random = new SplittableRandom(client);
                counts.add(threads.submit((Callable<Long>) () -> {
                    long sent = 0;
                    long now;
                    while ((now = System.nanoTime()) < until) {
                        request.send(index, random);
                        if (now >= warmUntil) {
                            sent++;
                        }
                    }
                    return sent;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total / (double) seconds;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Creates, fsyncs, renames and fsyncs the directory of 8 KiB files for {@code seconds}; files/s. */
    private static double durableFiles(Path directory, long seconds) throws IOException {
        Path dir = Files.createDirectories(directory.resolve("durable"));
        ByteBuffer content = ByteBuffer.allocate(8192);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long started = System.nanoTime();
        while (System.nanoTime() < until) {
            Path temporary = dir.resolve("tmp-" + count);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(content.clear());
                channel.force(true);
            }
            Files.move(temporary, dir.resolve("file-" + count), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directoryChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                directoryChannel.force(true);
            }
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** {@code clients} threads each uploading small transactions to a database of their own; uploads/s. */
    private static double uploads(Workbench bench, Path scratch, int clients, long seconds) throws Exception {
        List<Uploader> uploaders = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            uploaders.add(new Uploader(bench.storeUrl(), scratch, "tx-" + clients + "-" + client + ".db"));
        }
        return load(clients, seconds, (client, random) -> uploaders.get(client).next());
    }

    /** Uploads one transaction after another to its own database, each the next from its position. */
    static final class Uploader {

        private final String url;
        private final Path file;
        private final Path ltx;
        private @Nullable String leaseId;
        private Pos pos = Pos.ZERO;

        Uploader(String storeUrl, Path scratch, String database) throws Exception {
            this.url = storeUrl + "/db/tx?db=" + database;
            this.file = scratch.resolve(database);
            this.ltx = scratch.resolve(database + ".ltx");
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement statement = connection.createStatement()) {
                statement.execute("create table t(v)");
                statement.execute("insert into t values (randomblob(100))");
            }
        }

        /** Makes every upload from now on under the write lease {@code id}. */
        void underLease(String id) {
            this.leaseId = id;
        }

        void next() throws Exception {
            Pos next = DatabaseImport.encode(file, pos, null, ltx);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(ltx)));
            if (leaseId != null) {
                request.header(LfscHeaders.LEASE_ID, leaseId);
            }
            HttpResponse<String> response = HTTP.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("upload refused: " + response.statusCode() + " " + response.body());
            }
            pos = next;
        }
    }
}
