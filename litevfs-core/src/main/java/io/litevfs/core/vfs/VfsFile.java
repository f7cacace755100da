package io.litevfs.core.vfs;

import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;

/**
 * An open main database file, as SQLite's {@code sqlite3_io_methods} use it. Methods throw
 * {@link VfsException} with the SQLite code to return.
 */
public interface VfsFile {

    /**
     * Reads {@code target.remaining()} bytes at {@code offset}.
     *
     * @return the bytes read; fewer than asked means the file ended (a short read)
     */
    int read(ByteBuffer target, long offset);

    void write(ByteBuffer source, long offset);

    void truncate(long size);

    void sync();

    long size();

    /** @return {@link SqliteCodes#OK} or {@link SqliteCodes#BUSY} */
    int lock(int level);

    void unlock(int level);

    boolean reservedLockHeld();

    /**
     * Answers {@code PRAGMA name[=argument]} when it is one of the VFS's own.
     *
     * @return the answer (a value, or {@link PragmaAnswer#NONE}), or null when the pragma is not the VFS's
     */
    @Nullable PragmaAnswer pragma(String name, @Nullable String argument);

    void close();
}
