package io.litevfs.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link FaultyFileSystem}: each operation is the default provider's on the real path,
 * after the file system was told (so that it can fail it, or record what a crash would undo).
 */
final class FaultyFileSystemProvider extends FileSystemProvider {

    private final FaultyFileSystem fileSystem;
    private final FileSystemProvider real = java.nio.file.FileSystems.getDefault().provider();

    FaultyFileSystemProvider(FaultyFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    private static Path real(Path path) {
        return FaultyPath.unwrap(path);
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("made by FaultyFileSystem.over");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("reached through FaultyFileSystem.root");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("reached through FaultyFileSystem.root");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path file = real(path);
        boolean creates = (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW))
                && !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (creates) {
            fileSystem.beforeCreate(file);
        }
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING) && options.contains(StandardOpenOption.WRITE)
                && !creates && Files.isRegularFile(file)) {
            try (FileChannel existing = real.newFileChannel(file, Set.of(StandardOpenOption.READ))) {
                fileSystem.beforeTruncate(file, existing, 0, fileSystem.generation());
            }
        }
        FileChannel channel = real.newFileChannel(file, options, attrs);
        if (creates) {
            fileSystem.created(file);
        }
        return new FaultyFileChannel(fileSystem, channel, file, options.contains(StandardOpenOption.APPEND));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        DirectoryStream<Path> stream = real.newDirectoryStream(real(dir),
                entry -> filter.accept(new FaultyPath(fileSystem, entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> entries = stream.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Path next() {
                        return new FaultyPath(fileSystem, entries.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path directory = real(dir);
        fileSystem.beforeCreate(directory);
        real.createDirectory(directory, attrs);
        fileSystem.created(directory);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Path created = real(link);
        fileSystem.beforeCreate(created);
        real.createLink(created, real(existing));
        fileSystem.linked(created);
    }

    @Override
    public void delete(Path path) throws IOException {
        Path file = real(path);
        fileSystem.beforeDelete(file);
        real.delete(file);
        fileSystem.deleted(file);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path to = real(target);
        boolean creates = !Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        fileSystem.beforeCreate(to);
        real.copy(real(source), to, options);
        if (creates) {
            fileSystem.created(to);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = real(source);
        Path to = real(target);
        fileSystem.beforeMove(from, to);
        real.move(from, to, options);
        fileSystem.moved(from, to);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return real.isSameFile(real(path), real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        real.checkAccess(real(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return real.getFileAttributeView(real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return real.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return real.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        real.setAttribute(real(path), attribute, value, options);
    }
}
