package io.litevfs.benchmarks;

import io.litevfs.testing.S3Server;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh process on an empty machine answering one point lookup: what a machine started on demand (no
 * volume, no cache) pays before its first answer, for each way a user has of reaching a database in a
 * central store, at 0 and 20 ms round trip ({@link LatencyProxy}), on a 100 MB and a 1 GB database. Each
 * client runs as a process of its own, timed from its start to its answer line and to its exit, with its
 * CPU ({@link TimedProcess}); the plain-Java program ({@link FirstQuery}) also reports its phases.
 */
final class Startup implements Suite {

    private static final List<Duration> ROUND_TRIPS = List.of(Duration.ZERO, Duration.ofMillis(20));
    /** What a smoke run (CI) starts: every kind of client once, without the clinic's slow variants. */
    private static final List<App> SMOKE_APPS = List.of(App.PLAIN_FILE, App.STARTER);
    private static final Duration JUDGED_AT = Duration.ofMillis(20);
    private static final String LITESTREAM_INSTALLER = "scripts/install-litestream";
    private static final String SHELL_MODULE = "samples/litevfs-shell";
    private static final String CLINIC_MODULE = "samples/litevfs-clinic";
    private static final String CLINIC_DATABASE = "clinic.db";
    private static final int CLINIC_OWNERS = 20_000;

    /** The clients, in the order the table lists them. */
    enum Client {
        ORIGINAL("original LiteVFS 0.1.1 (sqlite3 + .load)"),
        LITESTREAM("Litestream 0.3.13 restore + sqlite3"),
        SHELL("our shell (java -jar)"),
        SHELL_AOT("our shell with a JDK 25 AOT cache and C1 only (the recipe)"),
        PLAIN_JAVA("plain-Java program using LiteVfs");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** The Spring Boot application (the clinic sample) as each of its variants starts, to its first HTTP answer. */
    enum App {
        PLAIN_FILE("clinic on a plain SQLite file (litevfs.enabled=false): the baseline"),
        STARTER("clinic with the starter, its store named"),
        STARTER_RECIPE("clinic with the starter, its store named, with the recipe (extracted jar, AOT cache, C1 only)"),
        STARTER_NEW_DATABASE("clinic with the starter, a new database of its named store (Flyway migrates it)"),
        EMBEDDED_NEW_DATABASE("clinic with the starter's embedded store, a new database (Flyway migrates it)");

        final String label;

        App(String label) {
            this.label = label;
        }
    }

    /** A database of the run: its name in the store, its file, and the row the lookup reads. */
    private record Database(String label, String name, Path file, long id) {

        String sql() {
            return "select name from items where id = " + id;
        }

        String answer() {
            return "item-" + id;
        }
    }

    @Override
    public String id() {
        return "startup";
    }

    @Override
    public String title() {
        return "A fresh node's first answer: start-up against the original and Litestream";
    }

    @Override
    public String method(Scale scale) {
        return """
                Each client is a new process on an empty cache, timed from its start to the line of its answer \
                (`select name from items where id = N`, a point lookup in the middle of the table) and to its exit, \
                with the CPU it and its children used (user + system, from the kernel's accounting of a waiting \
                `bash`). Between the clients and the store (or the bucket), a proxy adds the round trip. Clients:
                - **original**: Debian's `sqlite3` with the original LiteVFS 0.1.1 (`.load`, `.open`), its cache empty;
                - **Litestream**: Litestream 0.3.13 (npm `@flydotio/litestream-linux-x64@1.0.1`) restoring the \
                whole database from s3proxy (filesystem backend; the database replicated there beforehand), then \
                `sqlite3` on the restored file: what machines started on demand do today;
                - **shell**: our shell's jar (`java -jar`), JDK 25, default settings;
                - **shell, the recipe**: the same jar extracted (`-Djarmode=tools extract`), with a JDK 25 AOT cache \
                from one training run (`-XX:AOTCacheOutput`, then `-XX:AOTCache`) and C1 only \
                (`-XX:TieredStopAtLevel=1`);
                - **plain Java**: a program using `LiteVfs` (`FirstQuery`) on the benchmarks' class path, which \
                also reports its phases: JVM start to `main`, registering the VFS (LiteVFS makes its HTTP client \
                meanwhile on another thread), opening, the query, closing, and the exit.
                Databases of %d MiB and %d MiB (rows of 1,000-byte payloads). And a Spring Boot application, the \
                clinic sample (Spring MVC, JPA, Flyway; %,d owners), from its start to its first HTTP answer \
                (`GET /owners?lastName=Davis`, asked every 20 ms), with its CPU by then: on a plain SQLite file \
                (`litevfs.enabled=false`, the baseline), with the starter on a named store (also with the recipe, \
                trained with `-Dspring.context.exit=onRefresh`), and, for what the \
                embedded store costs, on a new database of a named store against one of its embedded store (Flyway \
                migrates both). Medians of %d rounds, the clients alternating within each round.""".formatted(sizes(scale).get(0), sizes(scale).get(1), CLINIC_OWNERS, rounds(scale));
    }

    private static List<Integer> sizes(Scale scale) {
        return scale == Scale.FULL ? List.of(100, scale.coldMegabytes) : List.of(4, scale.coldMegabytes);
    }

    /** Both round trips at full scale; a smoke run (CI) keeps every code path at 0 ms only. */
    private static List<Duration> roundTrips(Scale scale) {
        return scale == Scale.FULL ? ROUND_TRIPS : List.of(Duration.ZERO);
    }

    private static List<App> apps(Scale scale) {
        return scale == Scale.FULL ? List.of(App.values()) : SMOKE_APPS;
    }

    private static int rounds(Scale scale) {
        return scale == Scale.FULL ? 5 : 1;
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        List<Database> databases = new ArrayList<>();
        for (int megabytes : sizes(bench.scale())) {
            String name = megabytes == bench.scale().coldMegabytes ? "cold" : "startup";
            Path file = bench.sampleInStore(name, megabytes, 1000);
            databases.add(new Database(megabytes >= 1000 ? (megabytes / 1024) + " GB" : megabytes + " MB", name, file, middleId(file)));
        }
        Path scratch = bench.scratch("startup");
        @Nullable OriginalLiteVfs original = available(OriginalLiteVfs.install().original(), "the original LiteVFS", bench);
        @Nullable Path litestream = available(InstallScript.run(LITESTREAM_INSTALLER, Files::isExecutable).path(), "Litestream", bench);
        @Nullable Path shellJar = available(moduleJar(SHELL_MODULE, "litevfs-shell"), "the shell's jar (" + SHELL_MODULE + "/target)", bench);
        @Nullable Path clinicJar = available(moduleJar(CLINIC_MODULE, "litevfs-clinic"), "the clinic's jar (" + CLINIC_MODULE + "/target)", bench);
        @Nullable Path clinicSeed = clinicJar == null ? null : clinicDatabase(clinicJar, scratch.resolve("clinic-seed"));
        if (clinicSeed != null) {
            bench.importOnce(CLINIC_DATABASE, clinicSeed);
        }

        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        URI store = URI.create(bench.storeUrl());
        try (LatencyProxy storeProxy = LatencyProxy.start(store.getHost(), store.getPort());
             S3Server s3 = litestream != null ? S3Server.start(scratch.resolve("s3"), "-Xmx512m") : null;
             LatencyProxy bucketProxy = s3 != null ? LatencyProxy.start("127.0.0.1", s3.port()) : null) {
            Map<Database, Path> seeds = new LinkedHashMap<>();
            if (litestream != null && s3 != null) {
                for (Database database : databases) {
                    seeds.put(database, replicate(litestream, database, s3.port(), scratch.resolve("litestream-" + database.name())));
                }
            }
            @Nullable AotShell aotShell = shellJar == null ? null
                    : AotShell.train(shellJar, scratch.resolve("shell-aot"), storeProxy.url(), databases.getFirst());
            @Nullable AotClinic aotClinic = clinicJar == null || clinicSeed == null || bench.scale() != Scale.FULL ? null
                    : AotClinic.train(clinicJar, scratch.resolve("clinic-aot"), storeProxy.url());
            int run = 0;
            for (Duration roundTrip : roundTrips(bench.scale())) {
                storeProxy.roundTrip(roundTrip);
                if (bucketProxy != null) {
                    bucketProxy.roundTrip(roundTrip);
                }
                for (int round = 0; round < rounds(bench.scale()); round++) {
                    for (Database database : databases) {
                        for (Client client : Client.values()) {
                            Path directory = Files.createDirectories(scratch.resolve("run-" + (++run) + "-" + client.name().toLowerCase(Locale.ROOT)));
                            double[] measured = switch (client) {
                                case ORIGINAL -> original == null ? null
                                        : original(original, storeProxy.url(), database, directory);
                                case LITESTREAM -> litestream == null || bucketProxy == null ? null
                                        : litestream(litestream, seeds.get(database), URI.create(bucketProxy.url()).getPort(), database, directory);
                                case SHELL -> shellJar == null ? null : shell(List.of("-jar", shellJar.toString()),
                                        storeProxy.url(), database, directory);
                                case SHELL_AOT -> aotShell == null ? null : shell(aotShell.javaArguments(), storeProxy.url(),
                                        database, directory);
                                case PLAIN_JAVA -> plainJava(storeProxy.url(), database, directory);
                            };
                            if (measured != null) {
                                runs.computeIfAbsent(key(client, database, roundTrip), k -> new ArrayList<>()).add(measured);
                            }
                        }
                    }
                    if (clinicJar != null && clinicSeed != null) {
                        for (App app : apps(bench.scale())) {
                            Path directory = Files.createDirectories(scratch.resolve("run-" + (++run) + "-" + app.name().toLowerCase(Locale.ROOT)));
                            runs.computeIfAbsent(key(app, roundTrip), k -> new ArrayList<>())
                                    .add(clinic(app, clinicJar, aotClinic, clinicSeed, storeProxy.url(), directory, run));
                        }
                    }
                }
            }
        }
        return figures(runs, databases);
    }

    private static String key(App app, Duration roundTrip) {
        return "startup-clinic-" + app.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + roundTrip.toMillis() + "ms";
    }

    /** {@code {first answer, cpu by then}} of one start of the clinic. */
    private static double[] clinic(App app, Path jar, @Nullable AotClinic aot, Path seed, String storeUrl, Path directory,
                                   int run) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java()));
        if (app == App.STARTER_RECIPE) {
            if (aot == null) {
                throw new IllegalStateException("no AOT cache for the clinic");
            }
            command.addAll(aot.javaArguments());
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port));
        switch (app) {
            case PLAIN_FILE -> {
                Path copy = directory.resolve(CLINIC_DATABASE);
                Files.copy(seed, copy);
                command.addAll(List.of("--litevfs.enabled=false", "--spring.datasource.url=jdbc:sqlite:" + copy));
            }
            case STARTER, STARTER_RECIPE -> command.addAll(List.of("--litevfs.cloud.url=" + storeUrl,
                    "--litevfs.cache.directory=" + directory.resolve("cache")));
            case STARTER_NEW_DATABASE -> command.addAll(List.of("--litevfs.cloud.url=" + storeUrl,
                    "--litevfs.cache.directory=" + directory.resolve("cache"), "--litevfs.datasource.database=new-" + run + ".db"));
            case EMBEDDED_NEW_DATABASE -> command.addAll(List.of("--litevfs.embedded-store.enabled=true",
                    "--litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                    "--litevfs.cache.directory=" + directory.resolve("cache")));
        }
        TimedServer.Run started = TimedServer.run(command, URI.create("http://127.0.0.1:" + port + "/owners?lastName=Davis"),
                directory.resolve("clinic.log"));
        return new double[] {started.firstAnswerMillis(), started.cpuMillis()};
    }

    /**
     * The clinic's database: its schema as the clinic's own Flyway migration makes it (the clinic started once
     * on a plain file), then {@value #CLINIC_OWNERS} owners with a pet each.
     */
    private static Path clinicDatabase(Path jar, Path directory) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(CLINIC_DATABASE);
        Files.deleteIfExists(file);
        int port = freePort();
        TimedServer.run(List.of(java(), "-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
                        "--litevfs.enabled=false", "--spring.datasource.url=jdbc:sqlite:" + file),
                URI.create("http://127.0.0.1:" + port + "/owners"), directory.resolve("migrate.log"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.execute("""
                    with recursive n(i) as (select 1 union all select i + 1 from n where i < %d)
                    insert into owners(first_name, last_name, address, city, telephone)
                    select 'First' || i, case i %% 10 when 0 then 'Davis' else 'Name' || i end, i || ' Main St.', 'Madison',
                           '608555' || (1000 + i %% 9000) from n""".formatted(CLINIC_OWNERS));
            statement.execute("insert into pets(name, birth_date, type_id, owner_id) select 'Pet' || id, '2015-06-01', 1 + id % 6, id from owners");
        }
        return file;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A jar extracted as the AOT cache needs it ({@code -Djarmode=tools extract}): the jar to run, of plain jars. */
    private static Path extract(Path fatJar, Path directory) throws IOException, InterruptedException {
        Path extracted = directory.resolve("extracted");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", fatJar.toString(), "extract",
                "--destination", extracted.toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("extract.log").toFile()).start();
        if (extract.waitFor() != 0) {
            throw new IllegalStateException("extracting " + fatJar + " failed; see " + directory.resolve("extract.log"));
        }
        return extracted.resolve(fatJar.getFileName());
    }

    /**
     * The clinic as the recipe runs it: extracted, with an AOT cache from one training run that stops once
     * the application context is refreshed ({@code -Dspring.context.exit=onRefresh}, Spring Boot's way to
     * train), and C1 only.
     */
    private record AotClinic(Path jar, Path cache) {

        List<String> javaArguments() {
            return List.of("-XX:AOTCache=" + cache, "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        }

        static AotClinic train(Path fatJar, Path directory, String storeUrl) throws IOException, InterruptedException {
            Files.createDirectories(directory);
            Path jar = extract(fatJar, directory);
            Path cache = directory.resolve("clinic.aot");
            Process training = new ProcessBuilder(java(), "-XX:AOTCacheOutput=" + cache, "-XX:TieredStopAtLevel=1",
                    "-Dspring.context.exit=onRefresh", "-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=0",
                    "--litevfs.cloud.url=" + storeUrl, "--litevfs.cache.directory=" + directory.resolve("cache"))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("training.log").toFile()).start();
            if (!training.waitFor(5, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.isRegularFile(cache)) {
                training.destroyForcibly();
                throw new IllegalStateException("the clinic's training run made no AOT cache; see " + directory.resolve("training.log"));
            }
            return new AotClinic(jar, cache);
        }
    }

    /**
     * The shell as the recipe of the README runs it: its jar extracted ({@code -Djarmode=tools extract}, so
     * that the JVM sees plain jars), a JDK 25 AOT cache made by one training run
     * ({@code -XX:AOTCacheOutput}), and C1 only ({@code -XX:TieredStopAtLevel=1}).
     */
    private record AotShell(Path jar, Path cache) {

        List<String> javaArguments() {
            return List.of("-XX:AOTCache=" + cache, "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        }

        static AotShell train(Path fatJar, Path directory, String storeUrl, Database database) throws IOException, InterruptedException {
            Files.createDirectories(directory);
            Path jar = extract(fatJar, directory);
            Path cache = directory.resolve("shell.aot");
            Path training = Files.createDirectories(directory.resolve("training"));
            TimedProcess.run(List.of(java(), "-XX:AOTCacheOutput=" + cache, "-XX:TieredStopAtLevel=1",
                            "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--store", storeUrl,
                            "--cache", training.resolve("cache").toString(), database.name(), database.sql()),
                    Map.of(), null, training.resolve("errors.log"), database.answer()::equals);
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the training run made no AOT cache; see " + training.resolve("errors.log"));
            }
            return new AotShell(jar, cache);
        }
    }

    private static String key(Client client, Database database, Duration roundTrip) {
        return "startup-" + client.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + database.name() + "-"
                + roundTrip.toMillis() + "ms";
    }

    /** {@code {first answer, exit, cpu}}. */
    private static double[] original(OriginalLiteVfs original, String storeUrl, Database database, Path directory)
            throws IOException, InterruptedException {
        Path script = directory.resolve("script.sql");
        Files.writeString(script, String.join("\n", ".bail on", ".load " + original.library(),
                ".open file:" + database.name() + "?vfs=litevfs", database.sql() + ";", ".quit", ""));
        TimedProcess.Run run = TimedProcess.run(List.of("sqlite3", "-batch"), Map.of("LITEFS_CLOUD_HOST", storeUrl,
                        "LITEFS_CLOUD_TOKEN", "benchmarks", "LITEFS_CLOUD_CLUSTER", "default",
                        "LITEVFS_CACHE_DIR", directory.resolve("cache").toString()),
                script, directory.resolve("errors.log"), database.answer()::equals);
        return new double[] {run.firstAnswerMillis(), run.exitMillis(), run.cpuMillis()};
    }

    private static double[] litestream(Path litestream, @Nullable Path seed, int bucketPort, Database database, Path directory)
            throws IOException, InterruptedException {
        if (seed == null) {
            throw new IllegalStateException("no Litestream replica of " + database.name());
        }
        Path config = writeConfig(directory.resolve("litestream.yml"), seed, database.name(), bucketPort);
        Path restored = directory.resolve("restored.db");
        TimedProcess.Run run = TimedProcess.run(List.of("bash", "-c", "\"$1\" restore -config \"$2\" -o \"$3\" \"$4\" && sqlite3 \"$3\" \"$5\"",
                        "restore", litestream.toString(), config.toString(), restored.toString(), seed.toString(), database.sql()),
                Map.of(), null, directory.resolve("errors.log"), database.answer()::equals);
        return new double[] {run.firstAnswerMillis(), run.exitMillis(), run.cpuMillis()};
    }

    private static double[] shell(List<String> javaArguments, String storeUrl, Database database, Path directory)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(javaArguments);
        command.addAll(List.of("--store", storeUrl, "--cache", directory.resolve("cache").toString(), database.name(), database.sql()));
        TimedProcess.Run run = TimedProcess.run(command, Map.of(), null, directory.resolve("errors.log"), database.answer()::equals);
        return new double[] {run.firstAnswerMillis(), run.exitMillis(), run.cpuMillis()};
    }

    /** {@code {first answer, exit, cpu, jvm, register, open, query, close, exit after close}}. */
    private static double[] plainJava(String storeUrl, Database database, Path directory) throws IOException, InterruptedException {
        long startedEpoch = System.currentTimeMillis();
        TimedProcess.Run run = TimedProcess.run(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), FirstQuery.class.getName(), storeUrl, database.name(),
                        directory.resolve("cache").toString(), database.sql()),
                Map.of(), null, directory.resolve("errors.log"), database.answer()::equals);
        String phases = run.line("phases ");
        if (phases == null) {
            throw new IllegalStateException("FirstQuery reported no phases: " + run.output());
        }
        Map<String, Long> phase = new LinkedHashMap<>();
        for (String field : phases.substring("phases ".length()).split(" ")) {
            String[] pair = field.split("=");
            phase.put(pair[0], Long.parseLong(pair[1]));
        }
        double jvm = phase(phase, "main") - startedEpoch;
        double[] steps = {phase(phase, "register"), phase(phase, "open"), phase(phase, "query"), phase(phase, "close")};
        double inProgram = java.util.Arrays.stream(steps).sum();
        return new double[] {run.firstAnswerMillis(), run.exitMillis(), run.cpuMillis(), jvm, steps[0], steps[1], steps[2],
                steps[3], Math.max(0, run.exitMillis() - jvm - inProgram)};
    }

    private static long phase(Map<String, Long> phases, String name) {
        Long value = phases.get(name);
        if (value == null) {
            throw new IllegalStateException("FirstQuery reported no phase " + name + ": " + phases);
        }
        return value;
    }

    /** Replicates {@code database}'s file to the bucket with Litestream, once; returns the path Litestream knows it by. */
    private static Path replicate(Path litestream, Database database, int bucketPort, Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path seed = directory.resolve(database.name() + ".db");
        Files.copy(database.file(), seed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path config = writeConfig(directory.resolve("litestream.yml"), seed, database.name(), bucketPort);
        Process replicating = new ProcessBuilder(litestream.toString(), "replicate", "-config", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("replicate.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                Process listing = new ProcessBuilder(litestream.toString(), "snapshots", "-config", config.toString(), seed.toString())
                        .redirectErrorStream(true).start();
                String out = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                listing.waitFor(60, TimeUnit.SECONDS);
                if (out.lines().skip(1).anyMatch(line -> !line.isBlank())) {
                    return seed;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("Litestream made no snapshot of " + seed + " in 10 minutes; see "
                    + directory.resolve("replicate.log"));
        } finally {
            replicating.destroy();
            replicating.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path writeConfig(Path config, Path seed, String name, int bucketPort) throws IOException {
        Files.writeString(config, """
                access-key-id: %s
                secret-access-key: %s
                dbs:
                  - path: %s
                    replicas:
                      - type: s3
                        bucket: %s
                        path: %s
                        endpoint: http://127.0.0.1:%d
                        region: us-east-1
                        force-path-style: true
                """.formatted(S3Server.ACCESS_KEY, S3Server.SECRET_KEY, seed, S3Server.BUCKET, name, bucketPort));
        return config;
    }

    private static long middleId(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rows = connection.createStatement().executeQuery("select max(id) from items")) {
            rows.next();
            return Math.max(1, rows.getLong(1) / 2);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static <T> @Nullable T available(@Nullable T thing, String what, Workbench bench) {
        if (thing == null) {
            if (bench.scale() == Scale.FULL) {
                throw new IllegalStateException(what + " is needed for the start-up suite");
            }
            System.out.println("[startup] skipping " + what + ": not available");
        }
        return thing;
    }

    /** The runnable jar of a module of this project, built by {@code ./dev bench}. */
    private static @Nullable Path moduleJar(String module, String artifact) throws IOException {
        Path pom = OriginalLiteVfs.projectFile(module + "/pom.xml");
        Path directory = pom == null ? null : pom.resolveSibling("target");
        if (directory == null || !Files.isDirectory(directory)) {
            return null;
        }
        try (var jars = Files.list(directory)) {
            return jars.filter(jar -> jar.getFileName().toString().matches(artifact + "-[0-9].*\\.jar")
                    && !jar.getFileName().toString().contains("-plain")).findFirst().orElse(null);
        }
    }

    private static List<Figure> figures(Map<String, List<double[]>> runs, List<Database> databases) {
        List<Figure> figures = new ArrayList<>();
        for (Duration roundTrip : ROUND_TRIPS) {
            for (Database database : databases) {
                String where = database.label() + ", " + roundTrip.toMillis() + " ms round trip";
                for (Client client : Client.values()) {
                    List<double[]> measured = runs.get(key(client, database, roundTrip));
                    if (measured == null) {
                        continue;
                    }
                    String key = key(client, database, roundTrip);
                    double[] medians = Samples.columnMedians(measured);
                    double spread = new Samples(measured.stream().mapToDouble(values -> values[0]).toArray()).relativeSpread();
                    figures.add(Figure.of(key + "-answer-ms", client.label + ", " + where + ": first answer", medians[0], "ms", 0)
                            .spread(spread));
                    figures.add(Figure.of(key + "-exit-ms", client.label + ", " + where + ": exit", medians[1], "ms", 0));
                    figures.add(Figure.of(key + "-cpu-ms", client.label + ", " + where + ": CPU", medians[2], "ms", 0));
                    if (client == Client.PLAIN_JAVA) {
                        String[] phases = {"JVM start to main", "VFS registration (HTTP client made alongside)", "open",
                                "first query", "close", "exit after close"};
                        for (int i = 0; i < phases.length; i++) {
                            figures.add(Figure.of(key + "-phase-" + i, client.label + ", " + where + ": phase " + phases[i],
                                    medians[3 + i], "ms", 0));
                        }
                    }
                }
                figures.addAll(targets(runs, database, roundTrip, where));
            }
            for (App app : App.values()) {
                List<double[]> measured = runs.get(key(app, roundTrip));
                if (measured == null) {
                    continue;
                }
                double[] medians = Samples.columnMedians(measured);
                String where = app.label + ", " + roundTrip.toMillis() + " ms round trip";
                double spread = new Samples(measured.stream().mapToDouble(values -> values[0]).toArray()).relativeSpread();
                figures.add(Figure.of(key(app, roundTrip) + "-answer-ms", where + ": first HTTP answer", medians[0], "ms", 0)
                        .spread(spread));
                figures.add(Figure.of(key(app, roundTrip) + "-cpu-ms", where + ": CPU by then", medians[1], "ms", 0));
            }
            figures.addAll(springTargets(runs, roundTrip));
        }
        return figures;
    }

    private static List<Figure> springTargets(Map<String, List<double[]>> runs, Duration roundTrip) {
        List<Figure> targets = new ArrayList<>();
        double[] plain = median(runs.get(key(App.PLAIN_FILE, roundTrip)));
        double[] starter = median(runs.get(key(App.STARTER, roundTrip)));
        double[] named = median(runs.get(key(App.STARTER_NEW_DATABASE, roundTrip)));
        double[] embedded = median(runs.get(key(App.EMBEDDED_NEW_DATABASE, roundTrip)));
        if (!roundTrip.equals(JUDGED_AT)) {
            return targets;
        }
        if (plain != null && starter != null) {
            double ratio = starter[0] / plain[0];
            targets.add(Figure.of("startup-target-clinic-vs-plain", "clinic with the starter / on a plain file, first HTTP answer",
                    ratio, "x", 2).target("<= 1.3", ratio <= 1.3));
        }
        double[] recipe = median(runs.get(key(App.STARTER_RECIPE, roundTrip)));
        if (plain != null && recipe != null) {
            targets.add(Figure.of("startup-clinic-recipe-vs-plain", "clinic with the starter and the recipe / on a plain file "
                    + "without it, first HTTP answer", recipe[0] / plain[0], "x", 2));
        }
        if (named != null && embedded != null) {
            double added = embedded[0] - named[0];
            targets.add(Figure.of("startup-target-embedded-store", "what the embedded store adds to the clinic's start",
                    added, "ms", 0).target("<= 1,000 ms", added <= 1000));
        }
        return targets;
    }

    /** The targets, judged at 20 ms. */
    private static List<Figure> targets(Map<String, List<double[]>> runs, Database database, Duration roundTrip, String where) {
        List<Figure> targets = new ArrayList<>();
        if (!roundTrip.equals(JUDGED_AT)) {
            return targets;
        }
        double[] shell = median(runs.get(key(Client.SHELL, database, roundTrip)));
        double[] original = median(runs.get(key(Client.ORIGINAL, database, roundTrip)));
        double[] plain = median(runs.get(key(Client.PLAIN_JAVA, database, roundTrip)));
        if (shell != null && original != null) {
            double ratio = shell[0] / original[0];
            targets.add(Figure.of("startup-target-shell-vs-original-" + database.name(), where + ": shell's first answer / original's",
                    ratio, "x", 2).target("<= 2", ratio <= 2));
        }
        if (shell != null) {
            targets.add(Figure.of("startup-target-shell-cpu-" + database.name(), where + ": shell's CPU", shell[2], "ms", 0)
                    .target("<= 1,500 ms", shell[2] <= 1500));
            double tail = shell[1] - shell[0];
            targets.add(Figure.of("startup-target-shell-exit-" + database.name(), where + ": shell's exit after its answer",
                    tail, "ms", 0).target("<= 200 ms", tail <= 200));
        }
        if (plain != null) {
            targets.add(Figure.of("startup-target-plain-java-" + database.name(), where + ": plain-Java program's first answer",
                    plain[0], "ms", 0).target("<= 1,000 ms", plain[0] <= 1000));
        }
        return targets;
    }

    private static double @Nullable [] median(@Nullable List<double[]> runs) {
        return runs == null || runs.isEmpty() ? null : Samples.columnMedians(runs);
    }
}
