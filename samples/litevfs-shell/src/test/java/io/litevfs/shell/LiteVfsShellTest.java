package io.litevfs.shell;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell driven without a terminal, against a real store. */
class LiteVfsShellTest {

    @TempDir
    Path directory;

    @Test
    void scriptsRunStatementsCommandsAndLeasedWritesAndReportErrorsInOneLine() {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start()) {
            Map<String, String> environment = Map.of("LITEFS_CLOUD_HOST", store.url(),
                    "LITEVFS_CACHE_DIR", directory.resolve("cache").toString());
            Result created = run(environment, "demo.db", "pragma litevfs_acquire_lease",
                    "create table notes(id integer primary key, text text)",
                    "insert into notes(text) values ('from the shell'), ('second')", "pragma litevfs_release_lease");
            assertThat(created.status()).as(created.err()).isZero();

            Result listed = run(environment, "demo.db", ".tables", "select text from notes order by id");
            assertThat(listed.out()).isEqualTo("notes\nfrom the shell\nsecond\n");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (var vfs = io.litevfs.core.LiteVfs.builder().environment(environment).vfsName("shell-test").register();
                 LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(out, true, StandardCharsets.UTF_8))) {
                shell.open("demo.db", new PrintStream(err, true, StandardCharsets.UTF_8));
                shell.repl(new BufferedReader(new StringReader("""
                        .mode column
                        select id, text
                          from notes where id = 1;
                        select nope from nowhere;
                        insert into notes(text) values ('no lease');
                        .schema notes
                        .quit
                        select 'never reached';
                        """)), new PrintStream(err, true, StandardCharsets.UTF_8));
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("id  text", "1   from the shell",
                    "CREATE TABLE notes(id integer primary key, text text);").doesNotContain("never reached");
            assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2).allMatch(line -> line.startsWith("Error: "))
                    .anyMatch(line -> line.contains("no such table: nowhere"))
                    .anyMatch(line -> line.contains("PRAGMA litevfs_acquire_lease"));
        }
    }

    @Test
    void aTerminalSessionEditsLinesAndKeepsItsHistory() throws Exception {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
             var vfs = io.litevfs.core.LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache"))
                     .vfsName("shell-terminal").register()) {
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            ByteArrayOutputStream results = new ByteArrayOutputStream();
            Path history = directory.resolve("history");
            var typing = new java.io.PipedOutputStream();
            var keys = new java.io.PipedInputStream(typing);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    List<String> typed = List.of("select 6 *\r", "7;\r", ".quit\r");
                    for (int i = 0; i < typed.size(); i++) {
                        awaitPrompts(screen, i + 1);
                        typing.write(typed.get(i).getBytes(StandardCharsets.UTF_8));
                        typing.flush();
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the shell left
                }
            });
            try (var terminal = org.jline.terminal.TerminalBuilder.builder().system(false).streams(keys, screen)
                    .type(org.jline.terminal.Terminal.TYPE_DUMB).build();
                 TerminalLines lines = new TerminalLines(terminal, history);
                 LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(results, true, StandardCharsets.UTF_8))) {
                shell.open("terminal.db", System.err);
                shell.repl(lines, System.err);
            }
            assertThat(results.toString(StandardCharsets.UTF_8)).as("the screen: %s", screen).isEqualTo("42\n");
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("litevfs> ").contains("   ...> ");
            assertThat(java.nio.file.Files.readString(history)).contains("select 6 *").contains("7;").contains(".quit");
        }
    }

    /**
     * Waits (up to 30 s) until the shell has asked for {@code count} lines, as a person typing waits for the
     * prompt: keys typed before it would reach the terminal before its prompt is drawn.
     */
    private static void awaitPrompts(ByteArrayOutputStream screen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String shown = screen.toString(StandardCharsets.UTF_8);
            int prompts = shown.split("litevfs> ", -1).length - 1 + shown.split("   \\.\\.\\.> ", -1).length - 1;
            if (prompts >= count) {
                return;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void outputGoesToAFileAndBack() throws Exception {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
             var vfs = io.litevfs.core.LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache"))
                     .vfsName("shell-output").register()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Path file = directory.resolve("out.txt");
            try (LiteVfsShell shell = new LiteVfsShell(vfs, new PrintStream(out, true, StandardCharsets.UTF_8))) {
                shell.open("output.db", System.err);
                shell.repl(new BufferedReader(new StringReader(".output " + file + "\nselect 'to the file';\n.output\n"
                        + "select 'to the screen';\n")), System.err);
            }
            assertThat(java.nio.file.Files.readString(file)).isEqualTo("to the file\n");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("to the screen\n");
        }
    }

    @Test
    void restoreTakesTheOpenDatabaseBackToAPointOfItsHistory() {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start()) {
            Map<String, String> environment = Map.of("LITEFS_CLOUD_HOST", store.url(),
                    "LITEVFS_CACHE_DIR", directory.resolve("cache").toString());
            assertThat(run(environment, "orders.db", "pragma litevfs_acquire_lease",
                    "create table orders(id integer primary key, item text)",
                    "insert into orders(item) values ('one'), ('two')", "pragma litevfs_release_lease").status()).isZero();
            assertThat(run(environment, "orders.db", "pragma litevfs_acquire_lease", "delete from orders",
                    "pragma litevfs_release_lease").status()).isZero();

            Result restored = run(environment, "orders.db", ".restore 0000000000000002", "select count(*) from orders");
            assertThat(restored.err()).isEmpty();
            assertThat(restored.out()).isEqualTo("restored orders.db as of 0000000000000002; it is now at TXID "
                    + "0000000000000004\n2\n");
            Result refused = run(environment, "orders.db", ".restore 2020-01-01T00:00:00Z", ".restore yesterday");
            assertThat(refused.err().lines().toList()).hasSize(2)
                    .anyMatch(line -> line.contains("the oldest kept is TXID 0000000000000001"))
                    .anyMatch(line -> line.contains(".restore takes a TXID"));
        }
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LiteVfsShell.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
