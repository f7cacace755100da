package io.litevfs.core;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain local SQLite files for tests: built with SQL, read back by query or page by page. */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    /** Runs SQL on a plain local SQLite file, creating it if needed. */
    public static void sql(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the first row of {@code query}, as an integer. */
    public static int integer(Path file, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Page {@code pgno} of a file of 4096-byte pages. */
    public static byte[] page(Path file, int pgno) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] page = new byte[4096];
            in.seek((long) (pgno - 1) * page.length);
            in.readFully(page);
            return page;
        }
    }
}
