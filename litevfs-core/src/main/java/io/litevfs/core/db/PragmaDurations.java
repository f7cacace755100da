package io.litevfs.core.db;

import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in pragmas, written as the original LiteVFS writes them (Rust's humantime): a bare number
 * is seconds; otherwise numbers with units, {@code ms}, {@code s}, {@code m}, {@code h}, in any
 * combination ({@code "1s 500ms"}). Formatted the same way: {@code 1s}, {@code 250ms}, {@code 1m 30s}.
 */
final class PragmaDurations {

    private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*(ms|msec|s|sec|m|min|h|hr)\\s*");

    private PragmaDurations() {
    }

    static Duration parse(String pragma, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher part = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms", "msec" -> Duration.ofMillis(amount);
                case "s", "sec" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = part.end();
            part.region(end, value.length());
        }
        if (end == 0 || end != value.length()) {
            throw new VfsException(SqliteCodes.ERROR, pragma + " takes seconds (\"2\") or a duration with units "
                    + "(\"500ms\", \"1s 500ms\", \"1m\"), got \"" + text + "\"");
        }
        return total;
    }

    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(text.isEmpty() ? "" : " ").append(amount).append(unit);
        }
    }
}
