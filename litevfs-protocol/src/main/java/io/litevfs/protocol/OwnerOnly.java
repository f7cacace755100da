package io.litevfs.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files and directories that only their owner may read: pages of databases, their history, tokens of
 * leases. Files are created {@code 0600} and directories {@code 0700} (on a file system with POSIX
 * permissions; elsewhere the platform's defaults apply), and no symbolic link is followed where a file is
 * opened or created: a link planted in a directory cannot send a write elsewhere.
 */
public final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    private OwnerOnly() {
    }

    /** Creates {@code directory} and its missing parents, each new one {@code 0700}; returns it. */
    public static Path createDirectories(Path directory) throws IOException {
        return Files.createDirectories(directory, DIRECTORY);
    }

    /** Opens {@code file} with {@code options}, created {@code 0600} if the options create it, links not followed. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(List.of(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(file, set, FILE);
    }

    /** A new file to write ({@code 0600}, replacing what is there), as a stream. */
    public static OutputStream newOutputStream(Path file) throws IOException {
        return Channels.newOutputStream(open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
    }

    /** A new empty file ({@code 0600}) with a unique name in {@code directory}. */
    public static Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        return Files.createTempFile(directory, prefix, suffix, FILE);
    }

    /**
     * Whether {@code permissions} let every user write, which a directory holding a node's or a store's data
     * must never have had: anyone could have put what they liked in it. (One only its group may write in,
     * as a umask of 002 makes them, is the owner's to close, and is closed.)
     */
    public static boolean writableByOthers(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** Whether the file system has POSIX permissions (where it does not, they are neither set nor checked). */
    public static boolean posix() {
        return POSIX;
    }
}
