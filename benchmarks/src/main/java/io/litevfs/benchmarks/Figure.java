package io.litevfs.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One measured figure: its value, how noisy its measurement was ({@code spread}, relative, when the
 * value is a median of repeated runs), and the target it is held to, if any.
 */
record Figure(String key, String label, double value, String unit, int decimals, @Nullable Double spread,
              @Nullable String target, @Nullable Boolean met) {

    static Figure of(String key, String label, double value, String unit, int decimals) {
        return new Figure(key, label, value, unit, decimals, null, null, null);
    }

    Figure spread(double relative) {
        return new Figure(key, label, value, unit, decimals, relative, target, met);
    }

    Figure target(String text, boolean reached) {
        return new Figure(key, label, value, unit, decimals, spread, text, reached);
    }

    String formatted() {
        return format(value);
    }

    String format(double any) {
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", any) + (unit.isEmpty() ? "" : " " + unit);
    }
}
