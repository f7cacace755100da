package io.litevfs.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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
 *       play), and files that existed before this file system saw them as durable as they are;</li>
 *   <li>a process that dies ({@link #processDied()}) loses nothing (the page cache keeps what it wrote), but
 *       can do nothing more; what it did not force is still lost if the power fails later.</li>
 * </ul>
 * State: the disk ({@link FaultyDisk}: the ledger of what a crash undoes, per file (bytes overwritten since its
 * last force) and per directory (entries changed since its last force), and a tally of the bytes written to
 * and read from each file), shared with the file system of the next process when this one's dies
 * ({@link #processDied()}); here only whether the process using it is gone. Channels opened before a
 * {@link #crash()} fail afterwards, as those of a machine that rebooted.
 */
public final class FaultyFileSystem extends FileSystem {

    /** The message Linux gives for {@code ENOSPC}, which code under test recognises a full disk by. */
    public static final String DISK_FULL = "No space left on device";

    private final FaultyFileSystemProvider provider = new FaultyFileSystemProvider(this);
    private final FileSystem real = FileSystems.getDefault();
    private final FaultyDisk disk;
    private final Path root;
    private volatile boolean processDied;

    private FaultyFileSystem(FaultyDisk disk, Path realDirectory) {
        this.disk = disk;
        this.root = new FaultyPath(this, realDirectory.toAbsolutePath());
    }

    /** A faulty file system over {@code realDirectory}, which must exist; {@link #root()} is that directory. */
    public static FaultyFileSystem over(Path realDirectory) throws IOException {
        Files.createDirectories(realDirectory);
        return new FaultyFileSystem(new FaultyDisk(), realDirectory);
    }

    /** The directory this file system was made over, as a path of this file system. */
    public Path root() {
        return root;
    }

    /** Operations so far that change what is on disk (writes, forces, creations, renames, deletions). */
    public long mutations() {
        return disk.mutations();
    }

    /**
     * Bytes written so far to files at or under {@code path} (a path of this file system), files since
     * deleted included: what a piece of work cost the disk, counted exactly.
     */
    public long bytesWritten(Path path) {
        return disk.bytesWritten(FaultyPath.unwrap(path).toAbsolutePath());
    }

    /** Bytes read so far from files at or under {@code path}, as {@link #bytesWritten}. */
    public long bytesRead(Path path) {
        return disk.bytesRead(FaultyPath.unwrap(path).toAbsolutePath());
    }

    /**
     * The power fails once {@code more} further changing operations have been done: every operation after
     * that, reads included, fails, until {@link #crash()} applies what the failure lost.
     */
    public void powerLossAfter(long more) {
        disk.powerLossAfter(more);
    }

    /** Lets files grow by {@code bytes} more in all; writes beyond fail with {@value #DISK_FULL}. */
    public void diskFullAfter(long bytes) {
        disk.diskFullAfter(bytes);
    }

    /** Space without limit again. */
    public void freeSpace() {
        disk.freeSpace();
    }

    /** Reads of files that {@code failing} accepts fail with an I/O error; {@code path -> false} ends it. */
    public void failReads(Predicate<Path> failing) {
        disk.failReads(path -> failing.test(new FaultyPath(this, path)));
    }

    /**
     * The machine lost power: what was not forced is undone as the model above says, channels opened before
     * fail from now on, and the file system works again (with the same space left), as after a reboot.
     */
    public void crash() throws IOException {
        disk.crash();
    }

    /**
     * The process using this file system died (SIGKILL) and the machine did not: from now on every operation
     * through this file system, its paths and its channels fails, as the dead process can do nothing more,
     * while what it wrote stays as the page cache holds it, forced or not. Returns the file system a new
     * process on the same disk uses: a {@link #crash()} of it still loses what neither process forced.
     */
    public FaultyFileSystem processDied() {
        processDied = true;
        return new FaultyFileSystem(disk, FaultyPath.unwrap(root));
    }

    int generation() {
        return disk.generation();
    }

    // Hooks of the provider and the channels, each called before the operation it names (or, for those
    // named in the past tense, after it); the "before" ones fail every operation of a process that died.

    void beforeRead(Path path, int channelGeneration) throws IOException {
        checkProcess();
        disk.beforeRead(path, channelGeneration);
    }

    void read(Path path, long bytes) {
        disk.read(path, bytes);
    }

    void beforeWrite(Path path, FileChannel channel, long position, int length, int channelGeneration)
            throws IOException {
        checkProcess();
        disk.beforeWrite(path, channel, position, length, channelGeneration);
    }

    void beforeTruncate(Path path, FileChannel channel, long newSize, int channelGeneration) throws IOException {
        checkProcess();
        disk.beforeTruncate(path, channel, newSize, channelGeneration);
    }

    void beforeForce(int channelGeneration) throws IOException {
        checkProcess();
        disk.beforeForce(channelGeneration);
    }

    void forced(Path path) {
        disk.forced(path);
    }

    void beforeCreate(Path path) throws IOException {
        checkProcess();
        disk.beforeCreate(path);
    }

    void created(Path path) {
        disk.created(path);
    }

    void linked(Path link) {
        disk.linked(link);
    }

    void beforeMove(Path from, Path to) throws IOException {
        checkProcess();
        disk.beforeMove(from, to);
    }

    void moved(Path from, Path to) {
        disk.moved(from, to);
    }

    void beforeDelete(Path path) throws IOException {
        checkProcess();
        disk.beforeDelete(path);
    }

    void deleted(Path path) {
        disk.deleted(path);
    }

    private void checkProcess() throws IOException {
        if (processDied) {
            throw new IOException("the process using this file system died (FaultyFileSystem)");
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
