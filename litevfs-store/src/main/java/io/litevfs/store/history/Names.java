package io.litevfs.store.history;

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
    private static final char CAPITAL = '^';

    private Names() {
    }

    public static String requireDatabase(String name) {
        if (name.isEmpty()) {
            throw new StoreException(ErrorCode.EBADDB, "database name required (query parameter db=)");
        }
        if (!DATABASE.matcher(name).matches()) {
            throw new StoreException(ErrorCode.EBADDB, "invalid database name \"" + forLog(name)
                    + "\": use up to 256 letters, digits, '_', '.' or '-', not starting with '.'");
        }
        return name;
    }

    public static String requireCluster(String name) {
        if (!CLUSTER.matcher(name).matches()) {
            throw new StoreException(ErrorCode.EBADCLUSTER, "invalid cluster name \"" + forLog(name)
                    + "\": use up to 32 letters, digits, '_', '.' or '-', not starting with '.'");
        }
        return name;
    }

    /**
     * The on-disk form of a valid cluster or database name, unique whatever the file system's case rules
     * (macOS and Windows fold case by default): each capital letter is written as {@code ^} and its small
     * letter, so {@code Demo.db} is {@code ^demo.db} beside {@code demo.db}. {@code ^} is in no valid name.
     */
    public static String onDisk(String name) {
        StringBuilder form = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                form.append(CAPITAL).append((char) (c - 'A' + 'a'));
            } else {
                form.append(c);
            }
        }
        return form.toString();
    }

    /** The name whose {@link #onDisk} form is {@code form}. */
    public static String fromDisk(String form) {
        StringBuilder name = new StringBuilder(form.length());
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (c == CAPITAL && i + 1 < form.length()) {
                name.append(Character.toUpperCase(form.charAt(++i)));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** The directory name of a valid database name: its on-disk form, shortened when long. */
    public static String directoryName(String database) {
        String form = onDisk(database);
        if (form.length() <= MAX_DIRECTORY_NAME) {
            return form;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
            return form.substring(0, 120) + "~" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A name (or any text a client sent) as it may appear in a log line or an error message: printable
     * ASCII other than quotes and backslashes kept, anything else escaped as a backslash, u and four hex digits, at most 64
     * characters; so a client can never forge a line or hide one.
     */
    public static String forLog(String text) {
        return forLog(text, 64);
    }

    /** The same, cut at {@code maxLength} characters. */
    public static String forLog(String text, int maxLength) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < text.length() && i < maxLength; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                safe.append(c);
            } else {
                safe.append(String.format("\\u%04x", (int) c));
            }
        }
        return text.length() <= maxLength ? safe.toString() : safe + "…";
    }

}
