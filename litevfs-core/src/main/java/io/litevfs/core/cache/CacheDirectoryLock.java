package io.litevfs.core.cache;

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
 * One LiteVFS instance's exclusive claim on its cache directory: an OS file lock on {@value #FILE} in it,
 * held from registration to close. Two instances sharing a directory would overwrite each other's
 * cached pages and written-but-unshipped pages, so the second one is refused with the directory, the
 * holder's process id (written into the file) and how to give it a directory of its own. The OS drops
 * the lock when the process dies, so a crash never leaves the directory claimed.
 */
public final class CacheDirectoryLock implements AutoCloseable {

    static final String FILE = ".litevfs.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CacheDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims {@code directory} (created if missing) for this instance. @throws IllegalStateException when it is claimed */
    public static CacheDirectoryLock claim(Path directory) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                channel.close();
                throw inUse(directory, "another LiteVFS instance in this process");
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(directory, "process " + holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            return new CacheDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the cache directory " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "(unknown)" : pid;
    }

    private static IllegalStateException inUse(Path directory, String holder) {
        return new IllegalStateException("the LiteVFS cache directory " + directory.toAbsolutePath() + " is in use by "
                + holder + "; every process (and every LiteVFS instance) needs a cache directory of its own: set "
                + "litevfs.cache.directory (Spring), LITEVFS_CACHE_DIR, or LiteVfs.builder().cacheDirectory(...)");
    }

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
