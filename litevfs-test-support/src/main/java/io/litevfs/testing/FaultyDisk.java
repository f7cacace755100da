package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The disk under one or more {@link FaultyFileSystem}s (the processes that used it, one after another): the
 * ledger of what a power loss undoes, the faults due, and the tally of bytes. It outlives a process that
 * dies, so that a power loss after it still loses what that process wrote without forcing. The model is
 * {@link FaultyFileSystem}'s; every method is called with real paths, under this object's lock.
 */
final class FaultyDisk {

    private final Map<Path, FileLedger> files = new HashMap<>();
    private final List<EntryChange> entries = new ArrayList<>();
    private int generation;
    private long mutations;
    private long powerLossAfter = Long.MAX_VALUE;
    private long spaceLeft = Long.MAX_VALUE;
    private Predicate<Path> failingReads = path -> false;
    private final Map<Path, Long> bytesWritten = new HashMap<>();
    private final Map<Path, Long> bytesRead = new HashMap<>();

    /** Operations so far that change what is on disk (writes, forces, creations, renames, deletions). */
    synchronized long mutations() {
        return mutations;
    }

    /**
     * Bytes written so far to files at or under {@code path} (a path of this file system), files since
     * deleted included: what a piece of work cost the disk, counted exactly.
     */
    synchronized long bytesWritten(Path real) {
        return tally(bytesWritten, real);
    }

    /** Bytes read so far from files at or under {@code path}, as {@link #bytesWritten}. */
    synchronized long bytesRead(Path real) {
        return tally(bytesRead, real);
    }

    private static long tally(Map<Path, Long> bytes, Path real) {
        return bytes.entrySet().stream().filter(file -> file.getKey().startsWith(real))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * The power fails once {@code more} further changing operations have been done: every operation after
     * that, reads included, fails, until {@link #crash()} applies what the failure lost.
     */
    synchronized void powerLossAfter(long more) {
        powerLossAfter = more > Long.MAX_VALUE - mutations ? Long.MAX_VALUE : mutations + more;
    }

    /** Lets files grow by {@code bytes} more in all; writes beyond fail with {@value FaultyFileSystem#DISK_FULL}. */
    synchronized void diskFullAfter(long bytes) {
        spaceLeft = bytes;
    }

    /** Space without limit again. */
    synchronized void freeSpace() {
        spaceLeft = Long.MAX_VALUE;
    }

    /** Reads of files that {@code failing} accepts fail with an I/O error; {@code path -> false} ends it. */
    synchronized void failReads(Predicate<Path> failingRealPaths) {
        failingReads = failingRealPaths;
    }

    /**
     * The machine lost power: what was not forced is undone as the model above says, channels opened before
     * fail from now on, and the file system works again (with the same space left), as after a reboot.
     */
    synchronized void crash() throws IOException {
        for (EntryChange change : entries.reversed()) {
            change.undo(files);
        }
        for (Map.Entry<Path, FileLedger> file : files.entrySet()) {
            file.getValue().undo(file.getKey());
        }
        entries.clear();
        files.clear();
        generation++;
        powerLossAfter = Long.MAX_VALUE;
    }

    synchronized int generation() {
        return generation;
    }

    // Hooks of the provider and the channels, each called before the operation it names.

    synchronized void beforeRead(Path path, int channelGeneration) throws IOException {
        checkAlive(channelGeneration);
        if (failingReads.test(path)) {
            throw new IOException("Input/output error (FaultyFileSystem, reading " + path + ")");
        }
    }

    synchronized void read(Path path, long bytes) {
        if (bytes > 0) {
            bytesRead.merge(path, bytes, Long::sum);
        }
    }

    synchronized void beforeWrite(Path path, FileChannel channel, long position, int length, int channelGeneration)
            throws IOException {
        mutation(channelGeneration);
        long size = channel.size();
        long growth = Math.max(0, position + length - size);
        if (growth > spaceLeft) {
            throw new IOException(FaultyFileSystem.DISK_FULL + " (FaultyFileSystem, writing " + path + ")");
        }
        if (spaceLeft != Long.MAX_VALUE) {
            spaceLeft -= growth;
        }
        ledgerOf(path, size).save(path, position, length);
        bytesWritten.merge(path, (long) length, Long::sum);
    }

    synchronized void beforeTruncate(Path path, FileChannel channel, long newSize, int channelGeneration) throws IOException {
        mutation(channelGeneration);
        long size = channel.size();
        if (newSize < size) {
            ledgerOf(path, size).save(path, newSize, (int) Math.min(Integer.MAX_VALUE, size - newSize));
        }
    }

    synchronized void beforeForce(int channelGeneration) throws IOException {
        mutation(channelGeneration);
    }

    /** A file's bytes, or a directory's entries, survive a crash from now on. */
    synchronized void forced(Path path) {
        if (Files.isDirectory(path)) {
            entries.removeIf(change -> change.directory().equals(path));
        } else {
            files.remove(path);
        }
    }

    synchronized void beforeCreate(Path path) throws IOException {
        mutation(generation);
    }

    synchronized void created(Path path) {
        entries.add(new EntryChange(parentOf(path), path, null));
        if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.put(path, new FileLedger(0));
        }
    }

    /** A new name for an existing file: only the name needs its directory forced, the bytes are the file's. */
    synchronized void linked(Path link) {
        entries.add(new EntryChange(parentOf(link), link, null));
    }

    synchronized void beforeMove(Path from, Path to) throws IOException {
        mutation(generation);
    }

    synchronized void moved(Path from, Path to) {
        entries.add(new EntryChange(parentOf(to), to, from));
        FileLedger ledger = files.remove(from);
        if (ledger != null) {
            files.put(to, ledger);
        }
    }

    synchronized void beforeDelete(Path path) throws IOException {
        mutation(generation);
    }

    synchronized void deleted(Path path) {
        files.remove(path);
        entries.removeIf(change -> change.path().equals(path) && change.from() == null);
    }

    private static Path parentOf(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException(path + " is a root; a FaultyFileSystem works inside a directory");
        }
        return parent;
    }

    private FileLedger ledgerOf(Path path, long size) {
        return files.computeIfAbsent(path, p -> new FileLedger(size));
    }

    private void mutation(int channelGeneration) throws IOException {
        checkAlive(channelGeneration);
        if (mutations >= powerLossAfter) {
            throw new IOException("the power failed (FaultyFileSystem, after " + mutations + " changes)");
        }
        mutations++;
    }

    private void checkAlive(int channelGeneration) throws IOException {
        if (channelGeneration != generation) {
            throw new IOException("this channel was opened before a crash (FaultyFileSystem)");
        }
        if (mutations >= powerLossAfter) {
            throw new IOException("the power failed (FaultyFileSystem, after " + mutations + " changes)");
        }
    }

    /** What a crash puts back in one file: its size as of its last force, and the bytes overwritten since. */
    private static final class FileLedger {

        private final long durableSize;
        private final List<Saved> saved = new ArrayList<>();

        FileLedger(long durableSize) {
            this.durableSize = durableSize;
        }

        /** Keeps the durable bytes {@code [position, position + length)} would overwrite. */
        void save(Path path, long position, int length) throws IOException {
            long end = Math.min(position + length, durableSize);
            if (end <= position) {
                return;
            }
            ByteBuffer old = ByteBuffer.allocate((int) (end - position));
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                while (old.hasRemaining() && channel.read(old, position + old.position()) > 0) {
                    // read the whole range
                }
            }
            saved.add(new Saved(position, old.array()));
        }

        /** Earliest saved last, so that the bytes as of the last force win. */
        void undo(Path path) throws IOException {
            if (!Files.isRegularFile(path)) {
                return;
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (Saved bytes : saved.reversed()) {
                    channel.write(ByteBuffer.wrap(bytes.bytes()), bytes.position());
                }
                if (channel.size() > durableSize) {
                    channel.truncate(durableSize);
                }
            }
        }

        private record Saved(long position, byte[] bytes) {
        }
    }

    /** A directory entry made since the directory was last forced: created, or renamed here from {@code from}. */
    private record EntryChange(Path directory, Path path, @Nullable Path from) {

        void undo(Map<Path, FileLedger> files) throws IOException {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (from == null || !Files.isDirectory(parentOf(from))) {
                deleteTree(path);
                files.remove(path);
                return;
            }
            Files.move(path, from, StandardCopyOption.REPLACE_EXISTING);
            FileLedger ledger = files.remove(path);
            if (ledger != null) {
                files.put(from, ledger);
            }
        }

        private static void deleteTree(Path path) throws IOException {
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> tree = Files.walk(path)) {
                    for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(each);
                    }
                }
            } else {
                Files.deleteIfExists(path);
            }
        }
    }
}
