package io.litevfs.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Summaries of measured values: medians, percentiles, and the spread that says how noisy they were. */
final class Samples {

    private final double[] sorted;

    Samples(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The median of each column of {@code runs}, rows of the same length (one measured run each). */
    static double[] columnMedians(List<double[]> runs) {
        double[] medians = new double[runs.getFirst().length];
        for (int i = 0; i < medians.length; i++) {
            int column = i;
            medians[i] = new Samples(runs.stream().mapToDouble(run -> run[column]).toArray()).median();
        }
        return medians;
    }

    static Samples ofNanos(long[] nanos) {
        return new Samples(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
    }

    int count() {
        return sorted.length;
    }

    double median() {
        return percentile(50);
    }

    /** The nearest-rank percentile. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    /** Half the interquartile range relative to the median: the noise of a median of these samples. */
    double relativeSpread() {
        double median = median();
        return median == 0 ? 0 : (percentile(75) - percentile(25)) / 2 / median;
    }
}
