package io.litevfs.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/** The queries the read benchmarks time, on the sample databases' {@code items} table. */
final class Queries {

    /** Reads every row of the table (its whole b-tree) and decodes a column of each. */
    static final String FULL_SCAN = "select count(*), sum(k) from items";

    private Queries() {
    }

    /** Runs {@link #FULL_SCAN}; returns the row count. */
    static long fullScan(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(FULL_SCAN)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Looks up {@code count} rows by key, drawn from {@code seed} among ids 1 to {@code rows}, reading
     * every column; returns a sum over what was read, so that nothing can be skipped.
     */
    static long pointLookups(Connection connection, long rows, int count, long seed) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        long sum = 0;
        try (PreparedStatement lookup = connection.prepareStatement("select k, name, payload from items where id = ?")) {
            for (int i = 0; i < count; i++) {
                lookup.setLong(1, random.nextLong(rows) + 1);
                try (ResultSet result = lookup.executeQuery()) {
                    if (!result.next()) {
                        throw new IllegalStateException("a row of the sample database is missing");
                    }
                    sum += result.getLong(1) + result.getString(2).length() + result.getBytes(3).length;
                }
            }
        }
        return sum;
    }

    /** Reads the {@code length} rows from {@code first} on; returns the bytes of payload read. */
    static long range(Connection connection, long first, int length) throws SQLException {
        try (PreparedStatement range = connection.prepareStatement(
                "select sum(k), sum(length(payload)) from items where id between ? and ?")) {
            range.setLong(1, first);
            range.setLong(2, first + length - 1);
            try (ResultSet result = range.executeQuery()) {
                result.next();
                return result.getLong(2);
            }
        }
    }
}
