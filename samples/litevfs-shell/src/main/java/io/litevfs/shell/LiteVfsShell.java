package io.litevfs.shell;

import io.litevfs.core.LiteVfs;
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
 * input, with a prompt when that is a terminal. Options ({@code --store}, {@code --token},
 * {@code --cluster}, {@code --cache}) override the original's environment variables
 * ({@code LITEFS_CLOUD_HOST}, {@code LITEFS_CLOUD_TOKEN}, {@code LITEFS_CLOUD_CLUSTER},
 * {@code LITEVFS_CACHE_DIR}). Every error is one line.
 */
public final class LiteVfsShell implements AutoCloseable {

    private static final String HELP = """
            .open DATABASE     open a database of the store (created on first write)
            .tables            list the tables
            .schema [TABLE]    show CREATE statements
            .mode MODE         list (default), column or csv
            .help              this text
            .quit              leave
            Any other input is SQL, ending with ';'. LiteVFS pragmas work too, e.g.
            PRAGMA litevfs_acquire_lease; INSERT ...; PRAGMA litevfs_release_lease;
            """;

    private final LiteVfs vfs;
    private final PrintStream out;
    private @Nullable Connection connection;
    private @Nullable String database;
    private String mode = "list";
    private boolean failed;

    LiteVfsShell(LiteVfs vfs, PrintStream out) {
        this.vfs = vfs;
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
            } else {
                shell.repl(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        System.console() != null, err);
            }
            return shell.failed ? 1 : 0;
        } catch (RuntimeException e) {
            err.println("Error: " + message(e));
            return 2;
        }
    }

    void repl(BufferedReader in, boolean interactive, PrintStream err) {
        StringBuilder pending = new StringBuilder();
        try {
            while (true) {
                if (interactive) {
                    out.print(pending.isEmpty() ? "litevfs> " : "   ...> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                if (pending.isEmpty() && line.strip().startsWith(".")) {
                    if (!command(line.strip(), err)) {
                        return;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    input(pending.toString(), err);
                    pending.setLength(0);
                }
            }
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
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
            case ".tables" -> input("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name;", err);
            case ".schema" -> input("select sql || ';' from sqlite_schema where sql is not null"
                    + (argument.isEmpty() ? "" : " and tbl_name = '" + argument.replace("'", "''") + "'") + " order by name;", err);
            case ".mode" -> {
                if (List.of("list", "column", "csv").contains(argument)) {
                    mode = argument;
                } else {
                    error(err, ".mode takes list, column or csv");
                }
            }
            default -> error(err, "unknown command " + words[0] + "; .help lists them");
        }
        return true;
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
            try (Statement jdbc = connection.createStatement()) {
                LiteVfs.clearLastError();
                if (jdbc.execute(statement)) {
                    print(jdbc.getResultSet());
                }
            } catch (SQLException e) {
                String detail = LiteVfs.lastError();
                error(err, detail != null ? detail : message(e));
            }
        }
    }

    private void print(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        int columns = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        while (result.next()) {
            String[] row = new String[columns];
            for (int column = 0; column < columns; column++) {
                String value = result.getString(column + 1);
                row[column] = value == null ? "" : value;
            }
            rows.add(row);
        }
        Table.print(out, mode, meta, rows);
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
