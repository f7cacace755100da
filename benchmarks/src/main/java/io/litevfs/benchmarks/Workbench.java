package io.litevfs.benchmarks;

import io.litevfs.core.LiteVfs;
import io.litevfs.testing.StoreProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What every benchmark works with: the store (a separate process, fresh for the run), LiteVFS nodes
 * in this process (each with its own cache directory and VFS name), and the sample databases.
 */
final class Workbench implements AutoCloseable {

    /** The store's heap limit: the figures hold for a store given this much. */
    static final String STORE_HEAP = "-Xmx512m";

    private final Scale scale;
    private final Path directory;
    private final StoreProcess store;
    private final List<LiteVfs> nodes = new ArrayList<>();
    private final Map<String, Path> imported = new HashMap<>();
    private int nodeCount;

    private Workbench(Scale scale, Path directory, StoreProcess store) {
        this.scale = scale;
        this.directory = directory;
        this.store = store;
    }

    /** Starts a fresh store with its data under {@code directory}. */
    static Workbench start(Scale scale, Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path run = Files.createTempDirectory(directory, "run-");
        return new Workbench(scale, run, StoreProcess.start(run.resolve("store"), run.resolve("store.log"),
                List.of("--logging.level.root=WARN"), Map.of(), STORE_HEAP));
    }

    Scale scale() {
        return scale;
    }

    String storeUrl() {
        return store.url();
    }

    /** A directory for a benchmark's own files, removed with the run. */
    Path scratch(String name) throws IOException {
        return Files.createDirectories(directory.resolve(name));
    }

    /** The CPU time the store process has used so far, in milliseconds ({@link ProcessCpu}). */
    double storeCpuMillis() {
        return ProcessCpu.millis(store.pid());
    }

    ResidentMemory storeMemory() {
        return ResidentMemory.of(store.pid());
    }

    /** A new node: its own VFS name and empty cache, the given settings on top of the defaults. */
    LiteVfs node(String role, UnaryOperator<LiteVfs.Builder> settings) {
        String name = "bench-" + role + "-" + (++nodeCount);
        LiteVfs node = settings.apply(LiteVfs.builder().storeUrl(store.url()).vfsName(name)
                .cacheDirectory(directory.resolve("nodes").resolve(name))).register();
        nodes.add(node);
        return node;
    }

    /** Closes a node before the end of the run (its cache stays on disk until then). */
    void close(LiteVfs node) {
        if (nodes.remove(node)) {
            node.close();
        }
    }

    /**
     * The sample database {@code name} of about {@code megabytes} MiB, built once and kept under
     * {@code samples} beside the runs, and imported into the store as database {@code name} (once per run).
     */
    Path sampleInStore(String name, int megabytes, int payloadBytes) throws Exception {
        Path known = imported.get(name);
        if (known != null) {
            return known;
        }
        Path file = SampleDatabase.ensure(directory.resolveSibling("samples"), name, megabytes, payloadBytes);
        importOnce(name, file);
        return file;
    }

    /** The orders sample ({@link OrdersDatabase}) of this scale, in the store as {@code orders.db}. */
    OrdersDatabase ordersSample() throws Exception {
        OrdersDatabase orders = OrdersDatabase.ensure(directory.resolveSibling("samples"), scale.orders);
        importOnce("orders.db", orders.file());
        return orders;
    }

    /** Imports the SQLite file {@code file} into the store as database {@code name}, once per run. */
    void importOnce(String name, Path file) throws Exception {
        if (imported.containsKey(name)) {
            return;
        }
        LiteVfs loader = node("loader", builder -> builder);
        try {
            loader.importDatabase(name, file, Duration.ofSeconds(30));
        } finally {
            close(loader);
        }
        imported.put(name, file);
    }

    /** The warm-read sample: rows of 200-byte payloads. */
    Path warmSample() throws Exception {
        return sampleInStore("warm", scale.warmMegabytes, 200);
    }

    /** The cold-read sample: rows of 1,000-byte payloads, about four to a page. */
    Path coldSample() throws Exception {
        return sampleInStore("cold", scale.coldMegabytes, 1000);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        nodes.forEach(LiteVfs::close);
        nodes.clear();
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
