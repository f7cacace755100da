package io.litevfs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of a process as Linux reports it in {@code /proc/<pid>/status}: now (VmRSS) and
 * its peak so far (VmHWM). Elsewhere there is no such file, and the figures are reported as unknown.
 */
record ResidentMemory(long currentBytes, long peakBytes) {

    static final ResidentMemory UNKNOWN = new ResidentMemory(-1, -1);

    static ResidentMemory of(long pid) {
        try {
            long current = -1;
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    current = kilobytes(line) << 10;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) << 10;
                }
            }
            return new ResidentMemory(current, peak);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    static ResidentMemory self() {
        return of(ProcessHandle.current().pid());
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
