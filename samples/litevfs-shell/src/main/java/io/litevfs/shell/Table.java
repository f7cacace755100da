package io.litevfs.shell;

import org.jspecify.annotations.Nullable;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints a result as sqlite3 does in {@code .mode list}, {@code csv} or {@code column}: list joins values
 * with the column separator; csv quotes a value holding a space, a quote, an apostrophe, a control or
 * non-ASCII character, or the separator (an empty text too), and ends rows with CRLF; column pads every
 * value, the last included, to its column's width, two spaces apart, under a rule of dashes, a value
 * with line breaks (or longer than 60 characters) over several lines, and then a blank line between rows. NULL is
 * shown as the null value, never quoted; headers as {@code .headers} says.
 */
final class Table {

    private Table() {
    }

    static void print(PrintStream out, OutputSettings settings, List<String> labels, List<@Nullable String[]> rows) {
        switch (settings.mode) {
            case "column" -> column(out, settings, labels, rows);
            case "csv" -> separated(out, settings, labels, rows, true);
            default -> separated(out, settings, labels, rows, false);
        }
    }

    private static void separated(PrintStream out, OutputSettings settings, List<String> labels,
                                  List<@Nullable String[]> rows, boolean csv) {
        if (settings.headers) {
            out.print(join(labels.toArray(String[]::new), settings, csv) + settings.rowSeparator);
        }
        for (String[] row : rows) {
            out.print(join(row, settings, csv) + settings.rowSeparator);
        }
    }

    private static String join(@Nullable String[] values, OutputSettings settings, boolean csv) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i > 0 ? settings.columnSeparator : "");
            String value = values[i];
            if (value == null) {
                line.append(settings.nullValue);
            } else {
                line.append(csv && needsQuotes(value, settings.columnSeparator) ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
            }
        }
        return line.toString();
    }

    /** sqlite3's rule: controls, space, '"', '\'', DEL and non-ASCII characters, the separator, or empty. */
    private static boolean needsQuotes(String value, String separator) {
        if (value.isEmpty() || value.contains(separator)) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c >= 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** sqlite3's {@code --wrap 60}: a longer line of a value goes on over several lines. */
    private static final int WRAP = 60;

    private static void column(PrintStream out, OutputSettings settings, List<String> labels, List<@Nullable String[]> rows) {
        int columns = labels.size();
        settings.columnWidths = Math.max(settings.columnWidths, columns);
        List<List<List<String>>> cells = new java.util.ArrayList<>();
        int[] widths = new int[columns];
        boolean multiLine = false;
        for (int column = 0; column < columns; column++) {
            widths[column] = labels.get(column).length();
        }
        for (String[] row : rows) {
            List<List<String>> lines = new java.util.ArrayList<>();
            for (int column = 0; column < columns; column++) {
                List<String> cell = lines(shown(row[column], settings));
                multiLine |= cell.size() > 1;
                for (String line : cell) {
                    widths[column] = Math.max(widths[column], line.length());
                }
                lines.add(cell);
            }
            cells.add(lines);
        }
        if (settings.headers) {
            StringBuilder header = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                header.append(column > 0 ? "  " : "").append(pad(labels.get(column), widths[column]));
                rule.append(column > 0 ? "  " : "").append("-".repeat(widths[column]));
            }
            out.print(header + "\n" + rule + "\n");
        }
        for (int r = 0; r < cells.size(); r++) {
            List<List<String>> row = cells.get(r);
            int height = row.stream().mapToInt(List::size).max().orElse(1);
            for (int k = 0; k < height; k++) {
                StringBuilder line = new StringBuilder();
                for (int column = 0; column < columns; column++) {
                    List<String> cell = row.get(column);
                    line.append(column > 0 ? "  " : "").append(pad(k < cell.size() ? cell.get(k) : "", widths[column]));
                }
                out.print(line + "\n");
            }
            if (multiLine && r < cells.size() - 1) {
                out.print("\n");
            }
        }
    }

    /** A value's lines as column mode shows them: split at line breaks, and at 60 characters. */
    private static List<String> lines(String value) {
        List<String> lines = new java.util.ArrayList<>();
        for (String line : value.split("\n", -1)) {
            for (int start = 0; start == 0 || start < line.length(); start += WRAP) {
                lines.add(line.substring(start, Math.min(line.length(), start + WRAP)));
            }
        }
        return lines;
    }

    private static String shown(@Nullable String value, OutputSettings settings) {
        return value == null ? settings.nullValue : value;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - value.length()));
    }
}
