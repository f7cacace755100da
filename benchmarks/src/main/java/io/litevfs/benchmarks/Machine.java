package io.litevfs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the figures were measured on. */
record Machine(String cpu, int cores, long memoryBytes, String os, String jdk, String sqlite, String disk) {

    static Machine describe(Path workDirectory) {
        return new Machine(procLine("/proc/cpuinfo", "model name"), Runtime.getRuntime().availableProcessors(),
                kilobytes(procLine("/proc/meminfo", "MemTotal")) << 10,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                sqliteVersion(), disk(workDirectory));
    }

    String markdown() {
        return """
                | | |
                |---|---|
                | CPU | %s, %d cores visible to the JVM |
                | Memory | %.1f GiB |
                | OS | %s |
                | JDK | %s (store: a separate JVM, `%s`) |
                | SQLite | %s (sqlite-jdbc's bundled library) |
                | Disk under the work directory | %s |
                | Network | loopback |
                """.formatted(cpu, cores, memoryBytes / (double) (1L << 30), os, jdk, Workbench.STORE_HEAP, sqlite, disk);
    }

    private static String procLine(String file, String field) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(field))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long kilobytes(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static String sqliteVersion() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select sqlite_version()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    private static String disk(Path directory) {
        try {
            var store = Files.getFileStore(directory);
            return store.name() + " (" + store.type() + "), " + store.getUsableSpace() / (1L << 30) + " GiB free at start";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
