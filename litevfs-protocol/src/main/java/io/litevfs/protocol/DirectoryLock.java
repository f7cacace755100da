package io.litevfs.protocol;

import org.jspecify.annotations.Nullable;

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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * One owner's exclusive claim on a directory that two owners would damage by sharing (a node's page
 * cache, a store's data directory): an OS file lock on {@value #FILE} in it, held until {@link #close}.
 * A second claimant, in another process or in this one, is refused with the directory, the holder's
 * process id (written into the file) and the setting that gives it a directory of its own. The OS
 * drops the lock when the process dies, so a crash never leaves the directory claimed.
 *
 * <p>The directory must be this user's own: one of another user, or one others may write in, is refused
 * before anything in it is read; it is created {@code 0700}, and an existing one of this user's is made so.
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
            OwnerOnly.createDirectories(directory);
            requireOwnDirectory(directory, what, remedy);
            FileChannel channel = OwnerOnly.open(directory.resolve(FILE), StandardOpenOption.CREATE,
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

    /**
     * Refuses a directory (the one a link leads to, where it is a link) that belongs to another user or that
     * every user may write in: whoever can change what is in it decides what this process reads and serves (a
     * directory planted in a shared place beforehand, say). One of this user's that its group or others may
     * read, or its group write, is made {@code 0700}.
     */
    private static void requireOwnDirectory(Path directory, String what, String remedy) throws IOException {
        if (!OwnerOnly.posix()) {
            return;
        }
        Path real = directory.toRealPath();
        PosixFileAttributes attributes = Files.readAttributes(real, PosixFileAttributes.class);
        UserPrincipal me = currentUser(real);
        if (me != null && !attributes.owner().equals(me)) {
            throw new IllegalStateException(what + " " + directory.toAbsolutePath() + (real.equals(directory.toAbsolutePath())
                    ? "" : " (" + real + ")") + " belongs to " + attributes.owner().getName() + ", not to "
                    + me.getName() + " who runs this process: whoever owns it decides what is read from it; " + remedy);
        }
        if (OwnerOnly.writableByOthers(attributes.permissions())) {
            throw new IllegalStateException(what + " " + directory.toAbsolutePath() + " may be written by others ("
                    + PosixFilePermissions.toString(attributes.permissions()) + "): whoever can write in it decides what "
                    + "is read from it; make it 0700 (chmod 700) or use another; " + remedy);
        }
        if (!attributes.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static @Nullable UserPrincipal currentUser(Path onFileSystem) {
        try {
            return onFileSystem.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException unknownUser) {
            return null;
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
