package io.litevfs.core.vfs;

/**
 * A VFS operation that failed, with the SQLite result code to return and a message for people (logged,
 * and kept as the calling thread's last LiteVFS error; see {@code LiteVfs.lastError()}).
 */
public class VfsException extends RuntimeException {

    private final int code;

    public VfsException(int code, String message) {
        super(message);
        this.code = code;
    }

    public VfsException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
