package io.litevfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A size-limited file system of the test's own: a tmpfs mounted on a directory (needs root, which this
 * project's machines and CI have). When it cannot be mounted the test fails and says why, rather than
 * passing without having tested anything.
 */
public final class SmallFileSystem implements AutoCloseable {

    private final Path mountPoint;

    public SmallFileSystem(Path mountPoint, String size) throws IOException, InterruptedException {
        this.mountPoint = Files.createDirectories(mountPoint);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        if (mount.waitFor() != 0) {
            throw new IllegalStateException("cannot mount a " + size + " tmpfs on " + mountPoint
                    + " for the full-disk test (needs root): " + output.strip());
        }
    }

    public Path path() {
        return mountPoint;
    }

    /** Fills the file system but {@code keepFree} bytes with a file that {@link #free()} deletes. */
    public void fill(long keepFree) throws IOException {
        long free = Files.getFileStore(mountPoint).getUsableSpace();
        Files.write(mountPoint.resolve("filler"), new byte[(int) Math.max(0, free - keepFree)]);
    }

    public void free() throws IOException {
        Files.deleteIfExists(mountPoint.resolve("filler"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
    }
}
