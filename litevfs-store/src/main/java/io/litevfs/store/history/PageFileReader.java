package io.litevfs.store.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads pages out of stored files for one request, keeping each file it opens open until closed.
 * Files are opened per request rather than held by the store, so that compaction can delete files that
 * a request is still reading (the open channel keeps the data) without any reference counting.
 */
final class PageFileReader implements AutoCloseable {

    private final Database database;
    private final Map<Path, FileChannel> open = new HashMap<>();

    PageFileReader(Database database) {
        this.database = database;
    }

    /** Reads {@code length} bytes at {@code offset} of {@code file} into {@code target}. */
    void read(StoredFile file, long offset, byte[] target, int length) throws IOException {
        FileChannel channel = open.get(file.path());
        if (channel == null) {
            database.ensureLocal(file);
            channel = FileChannel.open(file.path(), StandardOpenOption.READ);
            open.put(file.path(), channel);
        }
        ByteBuffer buffer = ByteBuffer.wrap(target, 0, length);
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("stored file " + file.path() + " is shorter than its pages");
            }
            position += read;
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
