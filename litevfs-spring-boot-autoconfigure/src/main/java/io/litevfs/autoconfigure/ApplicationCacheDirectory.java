package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The cache directory of an application that names none: the user's LiteVFS cache
 * ({@link LiteVfs.Builder#defaultCacheDirectory}), then one directory per application (its
 * {@code spring.application.name}, or, without one, its working directory, hashed), then the VFS name. Two
 * applications of one machine thus never meet on one directory; two processes of one application still do,
 * and the second is told so by the directory's lock.
 */
final class ApplicationCacheDirectory {

    private ApplicationCacheDirectory() {
    }

    static Path of(@Nullable String applicationName, Path workingDirectory, String vfsName, Map<String, String> environment) {
        String application = applicationName != null && !applicationName.isBlank()
                ? applicationName.strip().replaceAll("[^A-Za-z0-9._-]", "_")
                : "app-" + shortHash(workingDirectory.toAbsolutePath().normalize().toString());
        return LiteVfs.Builder.defaultCacheDirectory(application, environment).resolve(vfsName);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
