package io.litevfs.core.internal.ffi;

import io.litevfs.core.vfs.PragmaAnswer;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.core.vfs.VfsFile;
import io.litevfs.core.vfs.VfsFileSystem;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Databases held in byte arrays, to exercise the native VFS plumbing on its own. Journals go to
 * {@code directory} through SQLite's default VFS, as with the real file system.
 */
final class MemoryFileSystem implements VfsFileSystem {

    private final Path directory;
    final Map<String, byte[][]> databases = new ConcurrentHashMap<>();

    MemoryFileSystem(Path directory) {
        this.directory = directory;
    }

    @Override
    public String fullPathname(String name) {
        if (name.contains("/") && !name.startsWith(directory.toString())) {
            throw new VfsException(SqliteCodes.CANTOPEN, "bad name " + name);
        }
        return name.startsWith(directory.toString()) ? name : directory.resolve(name).toString();
    }

    @Override
    public boolean isDatabasePath(String path) {
        return path.startsWith(directory.toString()) && !path.endsWith("-journal");
    }

    @Override
    public boolean exists(String path) {
        return databases.containsKey(path);
    }

    @Override
    public VfsFile open(String path, boolean readOnly, boolean create) {
        if (!create && !databases.containsKey(path)) {
            throw new VfsException(SqliteCodes.CANTOPEN, "no database " + path);
        }
        byte[][] content = databases.computeIfAbsent(path, p -> new byte[][] {new byte[0]});
        try {
            // SQLite's default VFS copies the database file's permissions to the journal it creates.
            java.nio.file.Files.write(Path.of(path), new byte[0]);
        } catch (java.io.IOException e) {
            throw new VfsException(SqliteCodes.CANTOPEN, e.toString(), e);
        }
        return new VfsFile() {
            @Override
            public int read(ByteBuffer target, long offset) {
                byte[] data = content[0];
                int available = (int) Math.max(0, Math.min(target.remaining(), data.length - offset));
                if (available > 0) {
                    target.put(data, (int) offset, available);
                }
                return available;
            }

            @Override
            public void write(ByteBuffer source, long offset) {
                int end = (int) offset + source.remaining();
                if (end > content[0].length) {
                    content[0] = Arrays.copyOf(content[0], end);
                }
                source.get(content[0], (int) offset, source.remaining());
            }

            @Override
            public void truncate(long size) {
                content[0] = Arrays.copyOf(content[0], (int) size);
            }

            @Override
            public void sync() {
            }

            @Override
            public long size() {
                return content[0].length;
            }

            @Override
            public int lock(int level) {
                return SqliteCodes.OK;
            }

            @Override
            public void unlock(int level) {
            }

            @Override
            public boolean reservedLockHeld() {
                return false;
            }

            @Override
            public PragmaAnswer pragma(String name, String argument) {
                if (name.equals("memory_size")) {
                    return PragmaAnswer.of(Integer.toString(content[0].length));
                }
                if (name.equals("memory_fail")) {
                    throw new VfsException(SqliteCodes.ERROR, "memory_fail was asked to fail: " + argument);
                }
                return null;
            }

            @Override
            public void close() {
            }
        };
    }
}
