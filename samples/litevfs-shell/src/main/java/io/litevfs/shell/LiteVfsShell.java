package io.litevfs.shell;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.RestorePoint;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code litevfs-shell [options] [database] [sql ...]}: the sqlite3 shell's session on a LiteVFS
 * database. With SQL arguments it runs them and exits; otherwise it reads statements from standard
 * input, through line editing and history ({@link TerminalLines}) when that is a terminal. Options ({@code --store}, {@code --token},
 * {@code --cluster}, {@code --cache}) override the original's environment variables
 * ({@code LITEFS_CLOUD_HOST}, {@code LITEFS_CLOUD_TOKEN}, {@code LITEFS_CLOUD_CLUSTER},
 * {@code LITEVFS_CACHE_DIR}). Every error is one line.
 */
public final class LiteVfsShell implements AutoCloseable {

    private static final String HELP = """
            .dump ?TABLE?            the database (or TABLE) as SQL text
            .exit, .quit             leave
            .headers on|off          column names above the rows
            .help                    this text
            .import ?--csv? ?--skip N? FILE TABLE
                                     rows of a CSV file into TABLE (created from the header row if missing)
            .indexes ?TABLE?         the indexes (of TABLE)
            .mode list|csv|column    how rows are shown
            .nullvalue TEXT          how NULL is shown
            .open DATABASE           open a database of the store (created on first write)
            .output ?FILE?           send output to FILE, or back to standard output
            .read FILE               run the statements and commands of FILE
            .restore TXID|TIME       the open database as of a point of the store's history (a TXID of
                                     16 hex digits, or an RFC 3339 time), as a new transaction
            .schema ?TABLE?          CREATE statements
            .separator COL ?ROW?     the separators of list mode
            .show                    the current settings
            .tables                  the tables
            .timer on|off            the time each statement took
            Any other input is SQL, ending with ';'. LiteVFS pragmas work too, e.g.
            PRAGMA litevfs_acquire_lease; INSERT ...; PRAGMA litevfs_release_lease;
            """;

    private static final java.time.Duration RESTORE_LEASE_WAIT = java.time.Duration.ofSeconds(10);

    private final LiteVfs vfs;
    private final PrintStream stdout;
    private final OutputSettings settings = new OutputSettings();
    private PrintStream out;
    private String outputName = "stdout";
    private @Nullable Connection connection;
    private @Nullable String database;
    private boolean failed;

    LiteVfsShell(LiteVfs vfs, PrintStream out) {
        this.vfs = vfs;
        this.stdout = out;
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the shell; returns the exit status (1 when a statement failed). */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> settings = new HashMap<>(environment);
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = switch (args[i]) {
                case "--store" -> "LITEFS_CLOUD_HOST";
                case "--token" -> "LITEFS_CLOUD_TOKEN";
                case "--cluster" -> "LITEFS_CLOUD_CLUSTER";
                case "--cache" -> "LITEVFS_CACHE_DIR";
                default -> null;
            };
            if (option == null) {
                positional.add(args[i]);
            } else if (i + 1 < args.length) {
                settings.put(option, args[++i]);
            } else {
                err.println("Error: " + args[i] + " needs a value");
                return 2;
            }
        }
        settings.putIfAbsent("LITEVFS_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "litevfs-shell").toString());
        try (LiteVfs vfs = LiteVfs.builder().environment(settings).vfsName("litevfs-shell").register();
             LiteVfsShell shell = new LiteVfsShell(vfs, out)) {
            if (!positional.isEmpty()) {
                shell.open(positional.getFirst(), err);
            }
            if (positional.size() > 1) {
                for (String argument : positional.subList(1, positional.size())) {
                    if (argument.strip().startsWith(".")) {
                        shell.command(argument.strip(), err);
                    } else {
                        shell.input(argument, err);
                    }
                }
            } else if (System.console() != null && System.console().isTerminal()) {
                try (TerminalLines terminal = TerminalLines.system()) {
                    shell.repl(terminal, err);
                }
            } else {
                shell.repl(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), err);
            }
            return shell.failed ? 1 : 0;
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + message(e));
            return 2;
        }
    }

    /** Runs the statements and commands of a script or pipe. */
    void repl(BufferedReader in, PrintStream err) {
        repl(LineSource.of(in), err);
    }

    /** Reads and runs statements and commands until the input ends or {@code .quit}. */
    void repl(LineSource lines, PrintStream err) {
        StringBuilder pending = new StringBuilder();
        while (true) {
            String line;
            try {
                line = lines.next(pending.isEmpty() ? "litevfs> " : "   ...> ");
            } catch (LineSource.Interrupted interrupted) {
                pending.setLength(0);
                continue;
            } catch (IOException e) {
                err.println("Error: " + e.getMessage());
                return;
            }
            if (line == null) {
                return;
            }
            if (pending.isEmpty() && line.strip().startsWith(".")) {
                if (!command(line.strip(), err)) {
                    return;
                }
                continue;
            }
            if (pending.isEmpty() && line.isBlank()) {
                continue;
            }
            pending.append(line).append('\n');
            if (Statements.complete(pending.toString())) {
                input(pending.toString(), err);
                pending.setLength(0);
            }
        }
    }

    /** Runs a dot command; returns false for {@code .quit}. */
    boolean command(String line, PrintStream err) {
        String[] words = line.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (words[0]) {
            case ".quit", ".exit" -> {
                return false;
            }
            case ".help" -> out.print(HELP);
            case ".open" -> open(argument, err);
            case ".tables" -> tables(argument, err);
            case ".schema" -> schema(argument, err);
            case ".indexes", ".indices" -> indexes(argument, err);
            case ".mode" -> {
                if (!settings.mode(argument)) {
                    error(err, ".mode takes " + String.join(", ", OutputSettings.MODES));
                }
            }
            case ".headers" -> settings.headers = onOff(argument, ".headers", err, settings.headers);
            case ".timer" -> settings.timer = onOff(argument, ".timer", err, settings.timer);
            case ".nullvalue" -> settings.nullValue = argument;
            case ".separator" -> separator(argument, err);
            case ".show" -> settings.show(out, outputName, database == null ? "" : database);
            case ".output" -> output(argument, err);
            case ".read" -> read(argument, err);
            case ".dump" -> dump(argument, err);
            case ".import" -> importCsv(argument, err);
            case ".restore" -> restore(argument, err);
            default -> error(err, "unknown command " + words[0] + "; .help lists them");
        }
        return true;
    }

    /**
     * The tables and views (matching a LIKE pattern), laid out as sqlite3 does: in columns across 80
     * characters, down then across, each name padded to the longest.
     */
    private void tables(String pattern, PrintStream err) {
        List<String> names = schemaColumn("select name from sqlite_schema where type in ('table', 'view') "
                + "and name not like 'sqlite_%' and name like ? order by name", pattern, err);
        if (names == null) {
            return;
        }
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        int perLine = Math.max(1, 80 / (width + 2));
        int lines = (names.size() + perLine - 1) / perLine;
        for (int line = 0; line < lines; line++) {
            StringBuilder text = new StringBuilder();
            for (int i = line; i < names.size(); i += lines) {
                text.append(i < lines ? "" : "  ").append(names.get(i)).append(" ".repeat(width - names.get(i).length()));
            }
            out.print(text.append('\n'));
        }
    }

    /** The names of the indexes (of tables matching a LIKE pattern), one a line, as sqlite3 prints them. */
    private void indexes(String pattern, PrintStream err) {
        List<String> names = schemaColumn("select name from sqlite_schema where type = 'index' and tbl_name like ? "
                + "order by name", pattern, err);
        if (names != null) {
            names.forEach(name -> out.print(name + "\n"));
        }
    }

    /** The CREATE statements (of tables matching a LIKE pattern), in the order they were made, as sqlite3 prints them. */
    private void schema(String pattern, PrintStream err) {
        List<String> statements = schemaColumn("select sql from sqlite_schema where sql is not null and tbl_name like ? "
                + "order by rowid", pattern, err);
        if (statements != null) {
            statements.forEach(sql -> out.print(Dump.schemaLine(sql)));
        }
    }

    /** The one column {@code query} selects with its LIKE parameter {@code pattern} (all when empty); null after an error. */
    private @Nullable List<String> schemaColumn(String query, String pattern, PrintStream err) {
        if (connection == null) {
            error(err, "no database open: .open DATABASE");
            return null;
        }
        List<String> values = new ArrayList<>();
        try (java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, pattern.isEmpty() ? "%" : pattern);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            error(err, message(e));
            return null;
        }
    }

    private boolean onOff(String argument, String command, PrintStream err, boolean current) {
        return switch (argument.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "yes", "true", "1" -> true;
            case "off", "no", "false", "0" -> false;
            default -> {
                error(err, command + " takes on or off");
                yield current;
            }
        };
    }

    private void separator(String argument, PrintStream err) {
        List<String> words = words(argument);
        if (words.isEmpty() || words.size() > 2) {
            error(err, ".separator takes a column separator and, optionally, a row separator");
            return;
        }
        settings.columnSeparator = unescape(words.getFirst());
        if (words.size() == 2) {
            settings.rowSeparator = unescape(words.get(1));
        }
    }

    private void output(String argument, PrintStream err) {
        if (out != stdout) {
            out.close();
        }
        out = stdout;
        outputName = "stdout";
        if (argument.isEmpty() || argument.equals("stdout")) {
            return;
        }
        try {
            out = new PrintStream(new java.io.FileOutputStream(argument), true, StandardCharsets.UTF_8);
            outputName = argument;
        } catch (IOException e) {
            error(err, "cannot open \"" + argument + "\": " + e.getMessage());
        }
    }

    private void read(String argument, PrintStream err) {
        if (argument.isEmpty()) {
            error(err, ".read takes a file");
            return;
        }
        try (BufferedReader in = java.nio.file.Files.newBufferedReader(Path.of(argument), StandardCharsets.UTF_8)) {
            repl(in, err);
        } catch (IOException e) {
            error(err, "cannot open \"" + argument + "\": " + e.getMessage());
        }
    }

    private void dump(String argument, PrintStream err) {
        if (connection == null) {
            error(err, "no database open: .open DATABASE");
            return;
        }
        try {
            Dump.write(connection, argument, out);
        } catch (SQLException e) {
            error(err, message(e));
        }
    }

    private void importCsv(String argument, PrintStream err) {
        List<String> words = new ArrayList<>(words(argument));
        int skip = 0;
        words.remove("--csv");
        int skipAt = words.indexOf("--skip");
        if (skipAt >= 0 && skipAt + 1 < words.size()) {
            try {
                skip = Integer.parseInt(words.get(skipAt + 1));
            } catch (NumberFormatException e) {
                error(err, "--skip takes a number of rows");
                return;
            }
            words.subList(skipAt, skipAt + 2).clear();
        }
        if (words.size() != 2) {
            error(err, ".import takes ?--csv? ?--skip N? FILE TABLE");
            return;
        }
        if (connection == null) {
            error(err, "no database open: .open DATABASE");
            return;
        }
        try {
            LiteVfs.clearLastError();
            CsvImport.run(connection, Path.of(words.get(0)), words.get(1), skip);
        } catch (IOException e) {
            error(err, "cannot open \"" + words.get(0) + "\": " + e.getMessage());
        } catch (SQLException e) {
            String detail = LiteVfs.lastError();
            error(err, detail != null ? detail : message(e));
        }
    }

    /** Words of a dot command's argument; a word may be in single or double quotes. */
    private static List<String> words(String argument) {
        List<String> words = new ArrayList<>();
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(argument);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
        }
        return words;
    }

    /** sqlite3's escapes in separators: \\n, \\r, \\t, \\\\. */
    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\\\", "\\");
    }

    void open(String name, PrintStream err) {
        try {
            close();
            connection = DriverManager.getConnection(vfs.jdbcUrl(name));
            database = name;
        } catch (SQLException | RuntimeException e) {
            error(err, message(e));
        }
    }

    /** Runs one or more statements separated by ';'. */
    void input(String sql, PrintStream err) {
        if (connection == null) {
            error(err, "no database open: .open DATABASE");
            return;
        }
        for (String statement : Statements.split(sql)) {
            RunTime time = settings.timer ? RunTime.start() : null;
            try (Statement jdbc = connection.createStatement()) {
                LiteVfs.clearLastError();
                if (jdbc.execute(statement)) {
                    print(jdbc.getResultSet());
                }
            } catch (SQLException e) {
                String detail = LiteVfs.lastError();
                error(err, detail != null ? detail : message(e));
            }
            if (time != null) {
                out.print(time.line());
            }
        }
    }

    private void print(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        int columns = meta.getColumnCount();
        List<String> labels = new ArrayList<>();
        for (int column = 1; column <= columns; column++) {
            labels.add(meta.getColumnLabel(column));
        }
        List<@Nullable String[]> rows = new ArrayList<>();
        while (result.next()) {
            String[] row = new String[columns];
            for (int column = 0; column < columns; column++) {
                row[column] = result.getString(column + 1);
            }
            rows.add(row);
        }
        if (columns > 0) {
            Table.print(out, settings, labels, rows);
        }
    }

    /**
     * The open database back to a point of the store's history, as one new transaction under the write
     * lease (undone by restoring to the TXID before it).
     */
    private void restore(String point, PrintStream err) {
        if (database == null) {
            error(err, "no database is open; .open DATABASE first");
            return;
        }
        RestorePoint target;
        try {
            target = RestorePoint.parse(point);
        } catch (IllegalArgumentException e) {
            error(err, ".restore takes a TXID (16 hex digits) or a time (RFC 3339, e.g. 2026-12-05T10:00:00Z), not \""
                    + point + "\"");
            return;
        }
        try {
            Pos now = vfs.restore(database, target, RESTORE_LEASE_WAIT);
            out.println("restored " + database + " as of " + point + "; it is now at TXID " + now.txid());
        } catch (Exception e) {
            error(err, "cannot restore " + database + ": " + e.getMessage());
        }
    }

    private void error(PrintStream err, String message) {
        failed = true;
        err.println("Error: " + message);
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        if (out != stdout) {
            out.close();
            out = stdout;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a connection that failed: nothing left to do.
            }
            connection = null;
            database = null;
        }
    }

    @Nullable String database() {
        return database;
    }
}
