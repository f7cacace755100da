package io.litevfs.shell;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@code .timer on}: the time one statement took, in sqlite3's format ({@code Run Time: real 0.002 user
 * 0.000950 sys 0.000102}). The statement runs on this thread (SQLite's work included, through JDBC), so
 * user and system time are this thread's.
 */
final class RunTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long realStart = System.nanoTime();
    private final long cpuStart = THREADS.getCurrentThreadCpuTime();
    private final long userStart = THREADS.getCurrentThreadUserTime();

    private RunTime() {
    }

    static RunTime start() {
        return new RunTime();
    }

    String line() {
        double real = (System.nanoTime() - realStart) / 1e9;
        double user = (THREADS.getCurrentThreadUserTime() - userStart) / 1e9;
        double system = Math.max(0, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9 - user);
        return String.format(Locale.ROOT, "Run Time: real %.3f user %f sys %f%n", real, user, system);
    }
}
