package io.litevfs.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One owner's exclusive claim on a directory that two owners would damage by sharing (a node's page
 * cache, a store's data directory): an OS file lock on {@value #FILE} in it, held until {@link #close}.
 * A second claimant, in another process or in this one, is refused with the directory, the holder's
 * process id (written into the file) and the setting that gives it a directory of its own. The OS
 * drops the lock when the process dies, so a crash never leaves the directory claimed.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The file holding the lock, in the claimed directory. */
    public static final String FILE = ".litevfs.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code directory} (created if missing).
     *
     * @param what         names the directory in the refusal ("the LiteVFS cache directory")
     * @param sameProcess  names the holder when it is this process ("another LiteVFS instance in this process")
     * @param remedy       what to do instead, ending the refusal
     * @throws IllegalStateException when the directory is claimed
     */
    public static DirectoryLock claim(Path directory, String what, String sameProcess, String remedy) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                channel.close();
                throw inUse(directory, what, sameProcess, remedy);
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(directory, what, "process " + holder, remedy);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + what + " " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "(unknown)" : pid;
    }

    private static IllegalStateException inUse(Path directory, String what, String holder, String remedy) {
        return new IllegalStateException(what + " " + directory.toAbsolutePath() + " is in use by " + holder + "; " + remedy);
    }

    /** Gives the directory up; closing again does nothing. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock is gone with the channel either way
        }
    }
}
