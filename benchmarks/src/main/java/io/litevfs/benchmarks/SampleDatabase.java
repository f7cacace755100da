package io.litevfs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/**
 * The databases the benchmarks read: one table {@code items(id integer primary key, k, name, payload)}
 * filled in key order with incompressible payloads of a fixed size, written with plain SQLite. Built
 * from a fixed seed, so every run reads the same bytes, and kept between runs (a marker file says the
 * build finished).
 */
final class SampleDatabase {

    /** What a row costs beyond its payload: cell header, key, k, name and cell pointer, roughly. */
    private static final int ROW_OVERHEAD = 32;
    private static final int BATCH = 5_000;

    private SampleDatabase() {
    }

    /** The database of about {@code megabytes} MiB with rows of {@code payloadBytes}, built if not there yet. */
    static Path ensure(Path directory, String name, int megabytes, int payloadBytes) throws IOException, SQLException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name + "-" + megabytes + "mb-" + payloadBytes + "b.db");
        Path complete = file.resolveSibling(file.getFileName() + ".complete");
        if (Files.exists(complete) && Files.exists(file)) {
            return file;
        }
        Files.deleteIfExists(file);
        long rows = (long) megabytes * (1 << 20) / (payloadBytes + ROW_OVERHEAD);
        SplittableRandom random = new SplittableRandom(megabytes * 31L + payloadBytes);
        byte[] payload = new byte[payloadBytes];
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("pragma journal_mode = off");
                statement.execute("pragma synchronous = off");
                statement.execute("create table items(id integer primary key, k integer not null, name text not null, "
                        + "payload blob not null)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into items(id, k, name, payload) values (?, ?, ?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    fill(random, payload);
                    insert.setLong(1, id);
                    insert.setLong(2, random.nextLong(1_000_000_000L));
                    insert.setString(3, "item-" + id);
                    insert.setBytes(4, payload);
                    insert.addBatch();
                    if (id % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        Files.createFile(complete);
        return file;
    }

    /** The number of rows (ids run from 1 to it). */
    static long rows(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select max(id) from items")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 8) {
            long value = random.nextLong();
            for (int b = 0; b < 8 && i + b < bytes.length; b++) {
                bytes[i + b] = (byte) (value >>> (8 * b));
            }
        }
    }
}
