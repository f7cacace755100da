package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A directory of the real file system reached through a file system of its own, which tests use to inject
 * the faults a disk has: a full disk, failing reads, and a power loss that loses whatever was not forced.
 * Code under test needs nothing but to take its directory as a {@link Path} and reach files through
 * {@code java.nio.file} ({@code Files}, {@code FileChannel.open}), never through {@code Path.toFile()}: give it
 * {@link #root()} and every file operation passes through here. (Lucene's {@code MockDirectoryWrapper} is the
 * idea; this works one level lower, so that the production code has no seam of its own to keep honest.)
 *
 * <p>The model of durability, that of a POSIX file system that promises no more than it must:
 * <ul>
 *   <li>bytes written to a file survive a crash only once the file was forced ({@code FileChannel.force});
 *       until then a crash puts back what they overwrote and the file's size as of its last force;</li>
 *   <li>a new directory entry (a file or directory created, a rename, a hard link) survives only once its
 *       directory was forced (opened and forced, as {@code DurableFiles.forceDirectory} does); until then a
 *       crash removes what was created and moves what was renamed back;</li>
 *   <li>deletions are taken as durable at once (a deleted file that comes back is a fault this model does not
 *       play), and files that existed before this file system saw them as durable as they are.</li>
 * </ul>
 * State: the ledger of what a crash undoes, per file (bytes overwritten since its last force) and per
 * directory (entries changed since its last force), and a tally of the bytes written to and read from each
 * file, guarded by this object's lock. Channels opened before a
 * {@link #crash()} fail afterwards, as those of a process that died.
 */
public final class FaultyFileSystem extends FileSystem {

    /** The message Linux gives for {@code ENOSPC}, which code under test recognises a full disk by. */
    public static final String DISK_FULL = "No space left on device";

    private final FaultyFileSystemProvider provider = new FaultyFileSystemProvider(this);
    private final FileSystem real = FileSystems.getDefault();
    private final Path root;
    private final Map<Path, FileLedger> files = new HashMap<>();
    private final List<EntryChange> entries = new ArrayList<>();
    private int generation;
    private long mutations;
    private long powerLossAfter = Long.MAX_VALUE;
    private long spaceLeft = Long.MAX_VALUE;
    private Predicate<Path> failingReads = path -> false;
    private final Map<Path, Long> bytesWritten = new HashMap<>();
    private final Map<Path, Long> bytesRead = new HashMap<>();

    private FaultyFileSystem(Path realDirectory) {
        this.root = new FaultyPath(this, realDirectory.toAbsolutePath());
    }

    /** A faulty file system over {@code realDirectory}, which must exist; {@link #root()} is that directory. */
    public static FaultyFileSystem over(Path realDirectory) throws IOException {
        Files.createDirectories(realDirectory);
        return new FaultyFileSystem(realDirectory);
    }

    /** The directory this file system was made over, as a path of this file system. */
    public Path root() {
        return root;
    }

    /** Operations so far that change what is on disk (writes, forces, creations, renames, deletions). */
    public synchronized long mutations() {
        return mutations;
    }

    /**
     * Bytes written so far to files at or under {@code path} (a path of this file system), files since
     * deleted included: what a piece of work cost the disk, counted exactly.
     */
    public synchronized long bytesWritten(Path path) {
        return tally(bytesWritten, path);
    }

    /** Bytes read so far from files at or under {@code path}, as {@link #bytesWritten}. */
    public synchronized long bytesRead(Path path) {
        return tally(bytesRead, path);
    }

    private static long tally(Map<Path, Long> bytes, Path path) {
        Path real = FaultyPath.unwrap(path).toAbsolutePath();
        return bytes.entrySet().stream().filter(file -> file.getKey().startsWith(real))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * The power fails once {@code more} further changing operations have been done: every operation after
     * that, reads included, fails, until {@link #crash()} applies what the failure lost.
     */
    public synchronized void powerLossAfter(long more) {
        powerLossAfter = more > Long.MAX_VALUE - mutations ? Long.MAX_VALUE : mutations + more;
    }

    /** Lets files grow by {@code bytes} more in all; writes beyond fail with {@value #DISK_FULL}. */
    public synchronized void diskFullAfter(long bytes) {
        spaceLeft = bytes;
    }

    /** Space without limit again. */
    public synchronized void freeSpace() {
        spaceLeft = Long.MAX_VALUE;
    }

    /** Reads of files that {@code failing} accepts fail with an I/O error; {@code path -> false} ends it. */
    public synchronized void failReads(Predicate<Path> failing) {
        failingReads = path -> failing.test(new FaultyPath(this, path));
    }

    /**
     * The machine lost power: what was not forced is undone as the model above says, channels opened before
     * fail from now on, and the file system works again (with the same space left), as after a reboot.
     */
    public synchronized void crash() throws IOException {
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
            throw new IOException(DISK_FULL + " (FaultyFileSystem, writing " + path + ")");
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

    // java.nio.file.FileSystem

    @Override
    public FaultyFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(path -> roots.add(new FaultyPath(this, path)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return new FaultyPath(this, real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(FaultyPath.unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("a FaultyFileSystem cannot be watched");
    }
}
