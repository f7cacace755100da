package io.litevfs.benchmarks;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.PageEncoding;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PageData;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;
import java.util.zip.CRC32;

/**
 * {@code GET /db/page} answered in JSON (base64 pages, as LiteFS Cloud answered) against the binary
 * framing our client asks for: bytes on the wire, time, and the CPU both sides spend per MiB of pages.
 */
final class PageAnswers implements Suite {

    private static final String DATABASE = "cold";

    @Override
    public String id() {
        return "answers";
    }

    @Override
    public String title() {
        return "Page answers: JSON against binary";
    }

    @Override
    public String method(Scale scale) {
        return """
                The whole cold-read sample (%d MiB) fetched with the store client (`WebClientCloudClient`) in \
                requests of %d pages, the most a cold scan asks for at once, once asking for JSON only \
                (`PageEncoding.JSON`: base64 pages, what LiteFS Cloud answered) and once for the binary framing \
                (`PageEncoding.BINARY`, the default), alternating, %d rounds each; medians. Bytes are what the \
                store sent, counted by the benchmarks' proxy (at 0 ms); CPU is each process's user and system \
                time from `/proc/<pid>/stat` (10 ms ticks) over the fetch: the client's (the benchmark JVM, \
                which does nothing else meanwhile) and the store's.""".formatted(scale.coldMegabytes,
                Pages.MAX_PAGES_PER_REQUEST - 1, rounds(scale));
    }

    private static int rounds(Scale scale) {
        return Math.min(5, scale.rounds);
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path file = bench.coldSample();
        URI store = URI.create(bench.storeUrl());
        Map<PageEncoding, List<double[]>> runs = new EnumMap<>(PageEncoding.class);
        try (LatencyProxy proxy = LatencyProxy.start(store.getHost(), store.getPort())) {
            CloudClient json = client(proxy, PageEncoding.JSON);
            CloudClient binary = client(proxy, PageEncoding.BINARY);
            Pos pos = Objects.requireNonNull(Objects.requireNonNull(json.positions().block()).get(DATABASE),
                    "the store has no database " + DATABASE);
            int pageSize = Objects.requireNonNull(json.pages(DATABASE, pos, new long[] {1}).block()).getFirst().data().length;
            long pages = Files.size(file) / pageSize;
            for (int round = 0; round < rounds(bench.scale()); round++) {
                for (PageEncoding encoding : round % 2 == 0 ? List.of(PageEncoding.JSON, PageEncoding.BINARY)
                        : List.of(PageEncoding.BINARY, PageEncoding.JSON)) {
                    runs.computeIfAbsent(encoding, e -> new ArrayList<>()).add(fetchAll(bench, proxy,
                            encoding == PageEncoding.JSON ? json : binary, pos, pages, pageSize));
                }
            }
        }
        return figures(runs, Files.size(file));
    }

    private static CloudClient client(LatencyProxy proxy, PageEncoding encoding) {
        return WebClientCloudClient.create(new CloudOptions(URI.create(proxy.url()), null, null, Duration.ofSeconds(60),
                Resilience.DEFAULTS, encoding));
    }

    /**
     * Fetches every page; answers {time ms, bytes received, client CPU ms, store CPU ms, pages, a CRC-32
     * of every page's number and bytes}, the last so that both encodings are seen to give the same pages.
     */
    private static double[] fetchAll(Workbench bench, LatencyProxy proxy, CloudClient client, Pos pos, long pages,
                                     int pageSize) {
        int batch = Pages.MAX_PAGES_PER_REQUEST - 1;
        int lockPage = Pages.lockPage(pageSize);
        proxy.takeTraffic();
        double clientCpu = ProcessCpu.selfMillis();
        double storeCpu = bench.storeCpuMillis();
        long started = System.nanoTime();
        long received = 0;
        CRC32 content = new CRC32();
        for (long first = 1; first <= pages; first += batch) {
            long[] pgnos = LongStream.range(first, Math.min(pages + 1, first + batch)).filter(p -> p != lockPage).toArray();
            List<PageData> answer = Objects.requireNonNull(client.pages(DATABASE, pos, pgnos).block());
            received += answer.size();
            for (PageData page : answer) {
                content.update(ByteBuffer.allocate(8).putLong(page.pgno()).array());
                content.update(page.data());
            }
        }
        double millis = (System.nanoTime() - started) / 1e6;
        double clientCpuUsed = ProcessCpu.selfMillis() - clientCpu;
        double storeCpuUsed = bench.storeCpuMillis() - storeCpu;
        return new double[] {millis, proxy.takeTraffic().bytesReceived(), clientCpuUsed, storeCpuUsed, received,
                content.getValue()};
    }

    private static List<Figure> figures(Map<PageEncoding, List<double[]>> runs, long databaseBytes) {
        long distinctContents = runs.values().stream().flatMap(List::stream).mapToDouble(run -> run[5]).distinct().count();
        if (distinctContents != 1) {
            throw new IllegalStateException("JSON and binary page answers gave different pages");
        }
        List<Figure> figures = new ArrayList<>();
        double mib = databaseBytes / (double) (1 << 20);
        Map<PageEncoding, double[]> medians = new EnumMap<>(PageEncoding.class);
        for (PageEncoding encoding : PageEncoding.values()) {
            List<double[]> measured = Objects.requireNonNull(runs.get(encoding));
            double[] median = Samples.columnMedians(measured);
            medians.put(encoding, median);
            String key = encoding.name().toLowerCase(Locale.ROOT);
            Samples times = new Samples(measured.stream().mapToDouble(r -> r[0]).toArray());
            figures.add(Figure.of(key + "-rate", key + ": pages fetched", mib / (median[0] / 1000), "MiB/s", 0)
                    .spread(times.relativeSpread()));
            figures.add(Figure.of(key + "-bytes-per-page", key + ": bytes on the wire per page", median[1] / median[4], "B", 0));
            figures.add(Figure.of(key + "-client-cpu", key + ": client CPU per MiB of pages", median[2] / mib, "ms", 1));
            figures.add(Figure.of(key + "-store-cpu", key + ": store CPU per MiB of pages", median[3] / mib, "ms", 1));
        }
        double[] json = Objects.requireNonNull(medians.get(PageEncoding.JSON));
        double[] binary = Objects.requireNonNull(medians.get(PageEncoding.BINARY));
        figures.add(Figure.of("bytes-ratio", "bytes on the wire, binary / JSON", binary[1] / json[1], "", 2)
                .target("<= 0.8", binary[1] / json[1] <= 0.8));
        figures.add(Figure.of("client-cpu-ratio", "client CPU, binary / JSON", binary[2] / json[2], "", 2));
        figures.add(Figure.of("store-cpu-ratio", "store CPU, binary / JSON", binary[3] / json[3], "", 2));
        return figures;
    }
}
