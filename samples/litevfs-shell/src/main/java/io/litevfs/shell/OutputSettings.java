package io.litevfs.shell;

import java.io.PrintStream;
import java.util.List;

/**
 * How results are shown, as sqlite3's settings of the same names: {@code .mode} (list, csv or column,
 * each with sqlite3's separators; column turns headers on, as in sqlite3 3.33 and later),
 * {@code .headers}, {@code .nullvalue}, {@code .separator}, {@code .timer}. {@link #show} prints them as
 * sqlite3's {@code .show} does.
 */
final class OutputSettings {

    static final List<String> MODES = List.of("list", "csv", "column");

    String mode = "list";
    boolean headers;
    String nullValue = "";
    String columnSeparator = "|";
    String rowSeparator = "\n";
    boolean timer;
    /** The most columns a column-mode result had: sqlite3 keeps a width (0, automatic) for each. */
    int columnWidths;

    /** Sets the mode, and the separators and headers that come with it; false for an unknown mode. */
    boolean mode(String name) {
        switch (name) {
            case "list" -> {
                columnSeparator = "|";
                rowSeparator = "\n";
            }
            case "csv" -> {
                columnSeparator = ",";
                rowSeparator = "\r\n";
            }
            case "column" -> {
                headers = true;
                columnSeparator = "|";
                rowSeparator = "\n";
            }
            default -> {
                return false;
            }
        }
        mode = name;
        return true;
    }

    void show(PrintStream out, String output, String filename) {
        line(out, "echo", "off");
        line(out, "eqp", "off");
        line(out, "explain", "auto");
        line(out, "headers", headers ? "on" : "off");
        line(out, "mode", mode.equals("column") ? "column --wrap 60 --wordwrap off --noquote" : mode);
        line(out, "nullvalue", quoted(nullValue));
        line(out, "output", output);
        line(out, "colseparator", quoted(columnSeparator));
        line(out, "rowseparator", quoted(rowSeparator));
        line(out, "stats", "off");
        line(out, "width", "0 ".repeat(columnWidths));
        line(out, "filename", filename);
    }

    private static void line(PrintStream out, String name, String value) {
        out.print(String.format("%12.12s: %s%n", name, value));
    }

    /** A setting's text as sqlite3 shows it: in quotes, with C escapes. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }
}
