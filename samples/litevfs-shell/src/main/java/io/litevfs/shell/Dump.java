package io.litevfs.shell;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dump [TABLE]}: the database as SQL text, written as sqlite3's {@code .dump} writes it, so that
 * the two are interchangeable: tables in the order they were made (their rows as {@code INSERT}s, reals
 * with 20 significant digits, texts with line breaks as {@code replace(..., char(10))}, blobs as
 * {@code X'..'}), {@code sqlite_sequence} last, then indexes, triggers and views, in one transaction; a
 * {@code TABLE} argument is a LIKE pattern on the names of tables, indexes, triggers and views. Reals are
 * written by SQLite's own {@code printf('%!.20g')}: this SQLite's digits past the 17th may differ from an
 * older sqlite3's, and both read back as the same number.
 */
final class Dump {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Dump() {
    }

    static void write(Connection connection, String table, PrintStream out) throws SQLException {
        out.print("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
        String filter = table.isEmpty() ? "" : " and name like ?";
        List<String[]> tables = query(connection, "select name, sql from sqlite_schema where type = 'table' and sql not null"
                + filter + " order by name = 'sqlite_sequence', rowid", table);
        for (String[] entry : tables) {
            String name = entry[0];
            if (name.equals("sqlite_sequence")) {
                out.print("DELETE FROM sqlite_sequence;\n");
            } else if (name.startsWith("sqlite_")) {
                continue;
            } else {
                out.print(schemaLine(entry[1]));
            }
            rows(connection, name, out);
        }
        for (String[] entry : query(connection, "select name, sql from sqlite_schema where type in ('index', 'trigger', 'view') "
                + "and sql not null" + filter + " order by rowid", table)) {
            out.print(schemaLine(entry[1]));
        }
        out.print("COMMIT;\n");
    }

    private static List<String[]> query(Connection connection, String sql, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (!table.isEmpty()) {
                statement.setString(1, table);
            }
            List<String[]> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            return result;
        }
    }

    /** The table's rows, each value formatted by SQLite itself where sqlite3 formats it in C. */
    private static void rows(Connection connection, String table, PrintStream out) throws SQLException {
        String name = identifier(table);
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select * from " + name)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder insert = new StringBuilder("INSERT INTO ").append(name).append(" VALUES(");
                for (int column = 1; column <= columns; column++) {
                    insert.append(column > 1 ? "," : "").append(literal(connection, rows, column));
                }
                out.print(insert.append(");\n"));
            }
        }
    }

    private static String literal(Connection connection, ResultSet rows, int column) throws SQLException {
        Object value = rows.getObject(column);
        return switch (value) {
            case null -> "NULL";
            case Integer integer -> integer.toString();
            case Long integer -> integer.toString();
            case Double real -> real(connection, real);
            case byte[] blob -> "X'" + HexFormat.of().formatHex(blob).toUpperCase(java.util.Locale.ROOT) + "'";
            default -> text(value.toString());
        };
    }

    /** sqlite3 writes a real with {@code %!.20g}; SQLite's printf is that same code. */
    private static String real(Connection connection, double value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select printf('%!.20g', ?)")) {
            statement.setDouble(1, value);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static String text(String value) {
        String quoted = "'" + value.replace("'", "''").replace("\r", "\\r").replace("\n", "\\n") + "'";
        if (value.indexOf('\r') >= 0) {
            quoted = "replace(" + quoted + ",'\\r',char(13))";
        }
        if (value.indexOf('\n') >= 0) {
            quoted = "replace(" + quoted + ",'\\n',char(10))";
        }
        return quoted;
    }

    /**
     * A schema entry as sqlite3 writes it in {@code .schema} and {@code .dump}: a table whose name is in
     * quotes is created {@code IF NOT EXISTS}.
     */
    static String schemaLine(String sql) {
        boolean quotedTable = sql.regionMatches(true, 0, "CREATE TABLE ", 0, 13) && sql.length() > 13
                && (sql.charAt(13) == '"' || sql.charAt(13) == '\'');
        return (quotedTable ? "CREATE TABLE IF NOT EXISTS " + sql.substring(13) : sql) + ";\n";
    }

    /** A table name as sqlite3 writes it: bare when it is a plain word, in double quotes otherwise. */
    static String identifier(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
