package io.litevfs.shell;

import java.io.PrintStream;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** Prints rows as sqlite3's {@code .mode list}, {@code column} or {@code csv} does. */
final class Table {

    private Table() {
    }

    static void print(PrintStream out, String mode, ResultSetMetaData meta, List<String[]> rows) throws SQLException {
        int columns = meta.getColumnCount();
        switch (mode) {
            case "column" -> {
                int[] widths = new int[columns];
                for (int column = 0; column < columns; column++) {
                    widths[column] = meta.getColumnLabel(column + 1).length();
                    for (String[] row : rows) {
                        widths[column] = Math.max(widths[column], row[column].length());
                    }
                }
                StringBuilder header = new StringBuilder();
                StringBuilder rule = new StringBuilder();
                for (int column = 0; column < columns; column++) {
                    header.append(column > 0 ? "  " : "").append(pad(meta.getColumnLabel(column + 1), widths[column]));
                    rule.append(column > 0 ? "  " : "").append("-".repeat(widths[column]));
                }
                out.println(header.toString().stripTrailing());
                out.println(rule);
                for (String[] row : rows) {
                    StringBuilder line = new StringBuilder();
                    for (int column = 0; column < columns; column++) {
                        line.append(column > 0 ? "  " : "").append(pad(row[column], widths[column]));
                    }
                    out.println(line.toString().stripTrailing());
                }
            }
            case "csv" -> {
                for (String[] row : rows) {
                    StringBuilder line = new StringBuilder();
                    for (int column = 0; column < columns; column++) {
                        String value = row[column];
                        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
                        line.append(column > 0 ? "," : "").append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
                    }
                    out.println(line);
                }
            }
            default -> {
                for (String[] row : rows) {
                    out.println(String.join("|", row));
                }
            }
        }
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - value.length()));
    }
}
