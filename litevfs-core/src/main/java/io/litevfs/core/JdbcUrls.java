package io.litevfs.core;

import java.util.regex.Pattern;

/**
 * JDBC URLs for LiteVFS databases. sqlite-jdbc passes {@code vfs=} to SQLite only inside a URI filename,
 * so the {@code file:} prefix is required: {@code jdbc:sqlite:demo.db?vfs=litevfs} would silently create
 * a local file literally named {@code demo.db?vfs=litevfs}.
 */
public final class JdbcUrls {

    private static final Pattern WITHOUT_URI = Pattern.compile("^jdbc:sqlite:(?!file:)[^?]*\\?.*\\bvfs=.*");
    private static final Pattern VFS_PARAMETER = Pattern.compile("[?&]vfs=");

    private JdbcUrls() {
    }

    /** {@code jdbc:sqlite:file:<database>?vfs=<vfsName>}. */
    public static String of(String database, String vfsName) {
        if (database.isEmpty() || database.contains("/") || database.contains("?") || database.contains("#")
                || database.contains("%") || database.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("\"" + database + "\" is not a database name: LiteVFS databases are "
                    + "names in the store, not paths");
        }
        return "jdbc:sqlite:file:" + database + "?vfs=" + vfsName;
    }

    /**
     * The database a JDBC URL opens through VFS {@code vfsName}, if it is such a URL
     * ({@code jdbc:sqlite:file:<database>?...vfs=<vfsName>...}).
     */
    public static java.util.Optional<String> databaseOf(String url, String vfsName) {
        check(url);
        java.util.regex.Matcher matcher = Pattern.compile("^jdbc:sqlite:file:([^?#]+)\\?(.*)$").matcher(url);
        if (!matcher.matches()) {
            return java.util.Optional.empty();
        }
        for (String parameter : matcher.group(2).split("&")) {
            if (parameter.equals("vfs=" + vfsName)) {
                return java.util.Optional.of(matcher.group(1));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Refuses a SQLite URL that would open another database than it seems to: one that names a VFS without
     * the {@code file:} prefix (with the corrected URL), one that names a VFS more than once (SQLite takes
     * one of them, possibly the local file system's), and one with {@code %00} (SQLite ends the name there).
     *
     * @throws IllegalArgumentException for such a URL
     */
    public static String check(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return url;
        }
        if (WITHOUT_URI.matcher(url).matches()) {
            throw new IllegalArgumentException("\"" + url + "\" names a VFS but is not a URI filename, so sqlite-jdbc would "
                    + "create a local file with that literal name. Use \"" + url.replaceFirst("^jdbc:sqlite:", "jdbc:sqlite:file:")
                    + "\"");
        }
        if (VFS_PARAMETER.matcher(url).results().count() > 1) {
            throw new IllegalArgumentException("\"" + url + "\" names a VFS more than once: SQLite would use one of them, "
                    + "perhaps the local file system's instead of LiteVFS. Name the VFS once (vfs=...)");
        }
        if (url.contains("%00") || url.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("\"" + url + "\" has a NUL (%00): SQLite ends the database name there and "
                    + "would open another database than the one named");
        }
        return url;
    }
}
