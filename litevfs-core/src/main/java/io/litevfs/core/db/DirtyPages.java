package io.litevfs.core.db;

import io.litevfs.protocol.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The pages a write transaction has written and not yet shipped, in a local file (not the heap, so a
 * transaction of any size fits), each page in a slot. Only its page numbers are in memory.
 */
final class DirtyPages implements AutoCloseable {

    private final Path file;
    private final TreeMap<Integer, Integer> slots = new TreeMap<>();
    private @Nullable FileChannel channel;
    private int pageSize;

    DirtyPages(Path file) {
        this.file = file;
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    boolean contains(int pgno) {
        return slots.containsKey(pgno);
    }

    /** Page numbers written, ascending. */
    Iterable<Integer> pgnos() {
        return slots.keySet();
    }

    int size() {
        return slots.size();
    }

    /** Stores a whole page. */
    void write(int pgno, byte[] page) {
        try {
            FileChannel opened = open(page.length);
            Integer slot = slots.get(pgno);
            if (slot == null) {
                slot = slots.size();
                slots.put(pgno, slot);
            }
            writeFully(opened, ByteBuffer.wrap(page), (long) slot * pageSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a written page in " + file, e);
        }
    }

    /** Copies {@code length} bytes of page {@code pgno} from {@code offsetInPage}; false when not dirty. */
    boolean read(int pgno, int offsetInPage, ByteBuffer target, int length) {
        Integer slot = slots.get(pgno);
        FileChannel opened = channel;
        if (slot == null || opened == null) {
            return false;
        }
        try {
            ByteBuffer window = target.slice(target.position(), length);
            long position = (long) slot * pageSize + offsetInPage;
            while (window.hasRemaining()) {
                if (opened.read(window, position + window.position()) < 0) {
                    throw new IOException("dirty page file " + file + " is shorter than its pages");
                }
            }
            target.position(target.position() + length);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] page(int pgno) {
        byte[] page = new byte[pageSize];
        if (!read(pgno, 0, ByteBuffer.wrap(page), pageSize)) {
            throw new IllegalStateException("page " + pgno + " is not dirty");
        }
        return page;
    }

    /** Forgets pages beyond {@code commit} (the slots stay until {@link #clear()}). */
    void truncate(int commit) {
        slots.tailMap(commit, false).clear();
    }

    void clear() {
        slots.clear();
        try {
            if (channel != null) {
                channel.truncate(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes what a process that died in the middle of a transaction left. */
    static void discardLeftovers(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            Files.deleteIfExists(file);
        }
    }

    private FileChannel open(int size) throws IOException {
        FileChannel opened = channel;
        if (opened == null) {
            opened = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            channel = opened;
        }
        if (pageSize != size) {
            if (!slots.isEmpty()) {
                throw new IllegalStateException("page size changed from " + pageSize + " to " + size + " inside a transaction");
            }
            pageSize = size;
        }
        return opened;
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source, position + source.position());
        }
    }
}
