package io.litevfs.benchmarks;

import java.util.List;

/** One benchmark: what it measures against which baseline (for BENCHMARKS.md), and the run itself. */
interface Suite {

    /** A short stable name, used in result files and on the command line ({@code --only}). */
    String id();

    String title();

    /** How the figures are measured and what the baseline is, in Markdown. */
    String method(Scale scale);

    List<Figure> run(Workbench bench) throws Exception;

    /** Markdown shown above the suite's figures, drawn from them (a side-by-side table, say); none by default. */
    default String summary(List<Figure> figures) {
        return "";
    }
}
