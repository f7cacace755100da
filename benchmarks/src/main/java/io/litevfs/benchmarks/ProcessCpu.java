package io.litevfs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used so far, user and system, as Linux reports it in {@code
 * /proc/<pid>/stat} (fields 14 and 15, in clock ticks of 10 ms, the kernel's USER_HZ on Linux); -1
 * where there is no such file.
 */
final class ProcessCpu {

    private static final double MILLIS_PER_TICK = 10;

    private ProcessCpu() {
    }

    static double millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double selfMillis() {
        return millis(ProcessHandle.current().pid());
    }
}
