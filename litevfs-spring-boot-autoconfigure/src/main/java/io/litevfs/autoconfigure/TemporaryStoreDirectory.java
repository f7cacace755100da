package io.litevfs.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * With {@code litevfs.embedded-store.temporary=true}: one new directory, this user's alone, holding the
 * embedded store's data ({@link #storeData}) and this context's page cache ({@link #cache}), deleted when
 * the context closes. Every application context thus starts on an empty store of its own, as tests want.
 *
 * <p>Closed after the store and the VFS: they depend on it, so Spring destroys them first.
 */
final class TemporaryStoreDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporaryStoreDirectory.class);

    private final Path root;

    TemporaryStoreDirectory() {
        try {
            this.root = Files.createTempDirectory("litevfs-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded store", e);
        }
    }

    Path storeData() {
        return root.resolve("store");
    }

    Path cache() {
        return root.resolve("cache");
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("[litevfs] could not delete the temporary store directory {}: {}", root, e.toString());
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
