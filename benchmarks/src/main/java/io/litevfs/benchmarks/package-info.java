/**
 * The benchmark suites and what they run against: the store in its own process, a plain SQLite file,
 * and the original LiteVFS; each suite measures against a baseline in the same run.
 */
@NullMarked
package io.litevfs.benchmarks;

import org.jspecify.annotations.NullMarked;
