package io.litevfs.store.local;

import io.litevfs.protocol.OwnerOnly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file system steps that make a write survive a crash: data forced to disk before it is renamed into
 * place, the rename atomic, and the directory forced after it so that the rename itself survives.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** Forces a written file's data and size to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Forces a fully written file, moves it into place atomically and forces the directory: from then on
     * it survives a crash at {@code target}.
     */
    public static void forceAndPublish(Path written, Path target) throws IOException {
        force(written);
        publish(written, target);
    }

    /** Moves a fully written and forced file into place, atomically, and forces the directory. */
    static void publish(Path written, Path target) throws IOException {
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(parentOf(target));
    }

    /** The directory holding {@code file}; every path the store writes has one. */
    public static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException(file + " has no parent directory");
        }
        return parent;
    }

    /**
     * Creates {@code directory} and its missing parents (owner-only), each new one made durable in its
     * parent (the parent forced after it): a file made durable in a directory whose own entry was not is
     * lost with it in a crash. Costs a sync only for the directories it creates.
     */
    public static Path createDirectories(Path directory) throws IOException {
        java.util.Deque<Path> missing = new java.util.ArrayDeque<>();
        for (Path path = directory.toAbsolutePath(); path != null && !Files.isDirectory(path); path = path.getParent()) {
            missing.push(path);
        }
        for (Path path : missing) {
            OwnerOnly.createDirectories(path);
            forceDirectory(parentOf(path));
        }
        return directory;
    }

    /**
     * Forces {@code file} and every directory from its parent up to {@code root}: for a file that may have
     * been written, and its directories created, by a process that died before syncing them.
     */
    static void makeDurable(Path file, Path root) throws IOException {
        force(file);
        Path top = root.toAbsolutePath().normalize();
        for (Path directory = parentOf(file).normalize(); directory.startsWith(top); directory = parentOf(directory)) {
            forceDirectory(directory);
            if (directory.equals(top)) {
                break;
            }
        }
    }

    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Writes a small file durably: to a temporary sibling, forced, then renamed over the target. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = OwnerOnly.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        publish(temporary, target);
    }

    /** Deletes a directory and everything under it (no link is followed). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
