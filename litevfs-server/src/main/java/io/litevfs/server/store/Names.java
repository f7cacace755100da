package io.litevfs.server.store;

import io.litevfs.protocol.wire.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Database and cluster names as LiteFS Cloud accepts them: letters, digits, {@code _ . -}, not starting
 * with a dot (so never {@code .} or {@code ..}), at most 256 characters for databases and 32 for
 * clusters. A valid name is always a single, harmless path component.
 */
public final class Names {

    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}");
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,31}");
    /** Longer names are shortened on disk (file names end at 255 bytes); the full name is kept in a file. */
    private static final int MAX_DIRECTORY_NAME = 200;

    private Names() {
    }

    public static String requireDatabase(String name) {
        if (name.isEmpty()) {
            throw new StoreException(ErrorCode.EBADDB, "database name required (query parameter db=)");
        }
        if (!DATABASE.matcher(name).matches()) {
            throw new StoreException(ErrorCode.EBADDB, "invalid database name \"" + abbreviate(name)
                    + "\": use up to 256 letters, digits, '_', '.' or '-', not starting with '.'");
        }
        return name;
    }

    public static String requireCluster(String name) {
        if (!CLUSTER.matcher(name).matches()) {
            throw new StoreException(ErrorCode.EBADCLUSTER, "invalid cluster name \"" + abbreviate(name)
                    + "\": use up to 32 letters, digits, '_', '.' or '-', not starting with '.'");
        }
        return name;
    }

    /** The directory name of a valid database name. */
    static String directoryName(String database) {
        if (database.length() <= MAX_DIRECTORY_NAME) {
            return database;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
            return database.substring(0, 120) + "~" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }
}
