package io.litevfs.shell;

import io.litevfs.core.LiteVfs;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell's output against sqlite3's own, byte for byte: the same setup (tables of every storage
 * class, an autoincrement table, an index, a view, a trigger, a CSV import) made in a plain file by
 * sqlite3 and in a LiteVFS database by the shell, then the same commands run by each: list, csv and
 * column modes with and without headers, null values, separators, {@code .tables}, {@code .indexes},
 * {@code .schema}, {@code .show} and {@code .dump}. Needs the sqlite3 shell ({@code scripts/install-sqlite3},
 * which {@code ./dev test} runs).
 */
class ShellParityTest {

    @TempDir
    static Path directory;
    static Path setup;
    static Path commands;

    @BeforeAll
    static void files() throws IOException {
        Path csv = directory.resolve("imported.csv");
        Files.write(csv, resource("imported.csv"));
        setup = directory.resolve("setup.sql");
        Files.writeString(setup, new String(resource("setup.sql"), StandardCharsets.UTF_8)
                .replace(".import --csv imported.csv", ".import --csv " + csv));
        commands = directory.resolve("commands.txt");
        Files.write(commands, resource("commands.txt"));
    }

    @Test
    void everyCommandPrintsWhatSqlite3Prints() throws Exception {
        sqlite3(setup);
        String expected = sqlite3(commands);
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
             LiteVfs vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache"))
                     .vfsName("shell-parity").register()) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
            try (LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
                shell.open("parity.db", err);
                shell.repl(new BufferedReader(new StringReader("pragma litevfs_acquire_lease;\n.read " + setup
                        + "\npragma litevfs_release_lease;\n")), err);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(out, true, StandardCharsets.UTF_8))) {
                shell.open("parity.db", err);
                shell.repl(Files.newBufferedReader(commands), err);
            }
            assertThat(errors.toString(StandardCharsets.UTF_8)).isEmpty();
            String actual = out.toString(StandardCharsets.UTF_8);
            Path saved = Files.createDirectories(Path.of("target", "shell-parity"));
            Files.writeString(saved.resolve("sqlite3.txt"), expected);
            Files.writeString(saved.resolve("litevfs-shell.txt"), actual);
            assertThat(sameReals(actual)).as("both outputs are in %s", saved.toAbsolutePath()).isEqualTo(sameReals(expected));
        }
    }

    @Test
    void timerLinesHaveSqlite3sFormat() throws Exception {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("timer-store")).openAccess().start();
             LiteVfs vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("timer-cache"))
                     .vfsName("shell-timer").register()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(out, true, StandardCharsets.UTF_8))) {
                shell.open("timer.db", System.err);
                shell.repl(new BufferedReader(new StringReader(".timer on\nselect 1;\n.timer off\nselect 2;\n")), System.err);
            }
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("1");
            assertThat(lines.get(1)).matches("Run Time: real \\d+\\.\\d{3} user \\d+\\.\\d{6} sys \\d+\\.\\d{6}");
            assertThat(lines.get(2)).isEqualTo("2");
        }
    }

    /**
     * The dump's real literals as the numbers they are: .dump writes reals with 20 significant digits by
     * SQLite's printf, whose digits past the 17th changed between sqlite3 3.40 and the SQLite in
     * sqlite-jdbc; both read back as the same double.
     */
    private static String sameReals(String output) {
        return output.lines().map(line -> !line.startsWith("INSERT INTO ") ? line
                : REAL.matcher(line).replaceAll(real -> Double.toString(Double.parseDouble(real.group()))))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private static final java.util.regex.Pattern REAL = java.util.regex.Pattern.compile("(?<=[(,])-?\\d+\\.\\d+(e[+-]\\d+)?(?=[,)])");

    /** Runs sqlite3 on parity.db (a plain file in the test's directory) with {@code input}; its standard output. */
    private static String sqlite3(Path input) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("sqlite3", "parity.db").directory(directory.toFile())
                    .redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException missing) {
            throw new IllegalStateException("the sqlite3 shell is needed: run scripts/install-sqlite3", missing);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as("sqlite3's exit status").isZero();
        return new String(output, StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ShellParityTest.class.getResourceAsStream("/parity/" + name), name)) {
            return in.readAllBytes();
        }
    }
}
