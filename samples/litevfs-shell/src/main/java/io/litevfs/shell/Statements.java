package io.litevfs.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits SQL text into statements at ';' outside quotes, identifiers in quotes and comments, keeping a
 * {@code CREATE TRIGGER} whole up to the {@code END} of its body (whose statements end with ';' too), as
 * sqlite3's {@code sqlite3_complete} does.
 */
final class Statements {

    private static final Pattern TRIGGER = Pattern.compile("(?is)\\s*create\\s+(temp\\s+|temporary\\s+)?trigger\\b.*");
    private static final Pattern ENDS_WITH_END = Pattern.compile("(?is).*\\bend\\s*");

    private Statements() {
    }

    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces(sql)) {
            current.append(current.isEmpty() ? "" : ";").append(piece);
            if (!isOpenTrigger(current.toString())) {
                add(statements, current);
            }
        }
        add(statements, current);
        return statements;
    }

    /** Whether {@code sql} ends a statement: a ';' outside quotes and comments, not inside a trigger's body. */
    static boolean complete(String sql) {
        List<String> pieces = pieces(sql);
        if (pieces.isEmpty() || !pieces.getLast().isBlank() || !endsWithSemicolon(sql)) {
            return false;
        }
        StringBuilder current = new StringBuilder();
        for (String piece : pieces.subList(0, pieces.size() - 1)) {
            current.append(current.isEmpty() ? "" : ";").append(piece);
            if (!isOpenTrigger(current.toString())) {
                current.setLength(0);
            }
        }
        return current.isEmpty();
    }

    private static boolean endsWithSemicolon(String sql) {
        return sql.stripTrailing().endsWith(";");
    }

    private static boolean isOpenTrigger(String statement) {
        return TRIGGER.matcher(statement).matches() && !ENDS_WITH_END.matcher(statement.toLowerCase(Locale.ROOT)).matches();
    }

    /** The text between ';'s outside quotes, with comments dropped; the last piece is what follows the last ';'. */
    private static List<String> pieces(String sql) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                current.append(c);
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
            } else if (c == ';') {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
