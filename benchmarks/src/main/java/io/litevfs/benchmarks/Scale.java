package io.litevfs.benchmarks;

/**
 * How big a run is. {@link #FULL} is what BENCHMARKS.md reports and meets the sizes the figures are
 * promised for; {@link #SMOKE} runs every benchmark at tiny sizes in seconds, so that CI keeps them
 * working (its figures mean nothing).
 */
enum Scale {

    SMOKE(4, 8, 200, 3, 4, 10, 60, 1, 20_000),
    FULL(256, 1024, 10_000, 7, 100, 200, 2_000, 8, 200_000);

    /** Size of the warm-read database (at least 200 MB for the full run). */
    final int warmMegabytes;
    /** Size of the cold-read database (at least 1 GB for the full run). */
    final int coldMegabytes;
    /** Random point lookups per warm round. */
    final int lookups;
    /** Alternating rounds of each warm and cold comparison. */
    final int rounds;
    /** Replication-lag samples with 1 s polling. */
    final int slowLagSamples;
    /** Replication-lag samples with 100 ms polling and with push. */
    final int fastLagSamples;
    /** Timed commits per write mode. */
    final int commits;
    /** Seconds of load per store measurement. */
    final int storeSeconds;
    /** Rows of {@code orders} in the database read against the original LiteVFS (29 MB at 200,000). */
    final int orders;

    Scale(int warmMegabytes, int coldMegabytes, int lookups, int rounds, int slowLagSamples, int fastLagSamples,
          int commits, int storeSeconds, int orders) {
        this.warmMegabytes = warmMegabytes;
        this.coldMegabytes = coldMegabytes;
        this.lookups = lookups;
        this.rounds = rounds;
        this.slowLagSamples = slowLagSamples;
        this.fastLagSamples = fastLagSamples;
        this.commits = commits;
        this.storeSeconds = storeSeconds;
        this.orders = orders;
    }
}
