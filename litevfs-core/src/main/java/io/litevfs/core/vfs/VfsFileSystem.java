package io.litevfs.core.vfs;

/**
 * The main database files a VFS serves. Every other file SQLite opens (journals, temporary files) is an
 * ordinary local file of SQLite's default VFS, placed beside the database's {@linkplain #fullPathname
 * full path}.
 */
public interface VfsFileSystem {

    /**
     * The local path SQLite is to use for database {@code name}: SQLite derives the journal's path from
     * it, so it decides where journals live.
     *
     * @throws VfsException {@link SqliteCodes#CANTOPEN} for a name that is not a valid database name
     */
    String fullPathname(String name);

    /** Whether {@code path} is the full path of one of this VFS's databases. */
    boolean isDatabasePath(String path);

    /** Whether the database at {@code path} exists (in the store, or created locally). */
    boolean exists(String path);

    /** Opens the database at {@code path}. */
    VfsFile open(String path, boolean readOnly, boolean create);
}
