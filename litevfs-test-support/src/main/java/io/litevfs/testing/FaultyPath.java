package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/** A path of a {@link FaultyFileSystem}: a real path of the default file system, reached through it. */
final class FaultyPath implements Path {

    private final FaultyFileSystem fileSystem;
    private final Path real;

    FaultyPath(FaultyFileSystem fileSystem, Path real) {
        this.fileSystem = fileSystem;
        this.real = real;
    }

    Path real() {
        return real;
    }

    private @Nullable Path wrap(@Nullable Path path) {
        return path == null ? null : new FaultyPath(fileSystem, path);
    }

    static Path unwrap(Path path) {
        if (path instanceof FaultyPath faulty) {
            return faulty.real;
        }
        throw new java.nio.file.ProviderMismatchException("not a path of a FaultyFileSystem: " + path);
    }

    @Override
    public FileSystem getFileSystem() {
        return fileSystem;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public @Nullable Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public @Nullable Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public @Nullable Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return new FaultyPath(fileSystem, real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return new FaultyPath(fileSystem, real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return real.startsWith(unwrap(other));
    }

    @Override
    public boolean endsWith(Path other) {
        return real.endsWith(unwrap(other));
    }

    @Override
    public Path normalize() {
        return new FaultyPath(fileSystem, real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return new FaultyPath(fileSystem, real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
        return new FaultyPath(fileSystem, real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
        return new FaultyPath(fileSystem, real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return new FaultyPath(fileSystem, real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("a FaultyFileSystem cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaultyPath path && path.fileSystem == fileSystem && path.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
