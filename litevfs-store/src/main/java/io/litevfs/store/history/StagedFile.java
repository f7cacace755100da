package io.litevfs.store.history;

import io.litevfs.protocol.OwnerOnly;
import org.jspecify.annotations.Nullable;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file of history as it is written, before its storage makes it durable ({@link DurableHistory}): an
 * upload the store accepts, or a file compaction makes. Its bytes are written exactly once wherever they
 * go, and never read back:
 * <ul>
 *   <li>while the content stays within the limit it was opened with, it is kept in memory: the commit log
 *       takes a small upload from there and the file is then written once, and a bucket receives it from
 *       there;</li>
 *   <li>beyond the limit it spills to a temporary file in the database's {@code tmp/}, created then;</li>
 *   <li>{@link #file} writes content kept in memory to that temporary file the first time a storage needs
 *       it as a file (one to force and rename into place).</li>
 * </ul>
 * States: open (being written through {@link #output}), finished ({@link #finish}; only then are
 * {@link #content} and {@link #file} answered), closed ({@link #close} deletes the temporary file unless a
 * storage moved it into history). One thread uses it at a time; it is not shared.
 */
public final class StagedFile implements AutoCloseable {

    private final Path temporaryDirectory;
    private final Path temporary;
    private final int inMemoryLimit;
    private final Spilling output = new Spilling();
    private @Nullable ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private @Nullable FileChannel channel;
    private @Nullable OutputStream onDisk;
    private long size;
    private boolean finished;

    private StagedFile(Path temporaryDirectory, int inMemoryLimit) {
        this.temporaryDirectory = temporaryDirectory;
        this.temporary = temporaryDirectory.resolve(UUID.randomUUID() + ".ltx");
        this.inMemoryLimit = inMemoryLimit;
    }

    /** A file kept in memory up to {@code inMemoryLimit} bytes, in {@code temporaryDirectory} beyond. */
    public static StagedFile keptInMemoryUpTo(int inMemoryLimit, Path temporaryDirectory) {
        return new StagedFile(temporaryDirectory, inMemoryLimit);
    }

    /** A file written to {@code temporaryDirectory} from its first byte (one that may be large). */
    public static StagedFile onDisk(Path temporaryDirectory) {
        return new StagedFile(temporaryDirectory, 0);
    }

    /** Where the content is written; buffered. */
    public OutputStream output() {
        return output;
    }

    /** Ends the writing: the content is complete, and on disk (not forced) if it spilled. */
    public void finish() throws IOException {
        if (!finished) {
            closeOnDisk();
            finished = true;
        }
    }

    /** The content's length in bytes. */
    public long size() {
        return size;
    }

    /** The whole content when it was kept in memory, else null; only once finished. */
    public byte @Nullable [] content() {
        checkFinished();
        return memory == null ? null : memory.toByteArray();
    }

    /**
     * The temporary file holding the content, written from memory now if it was kept there; neither
     * forced nor synced into its directory. A storage may move it into history; otherwise {@link #close}
     * deletes it.
     */
    public Path file() throws IOException {
        checkFinished();
        if (memory != null) {
            spill();
            closeOnDisk();
        }
        return temporary;
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.close();
        }
        Files.deleteIfExists(temporary);
    }

    private void checkFinished() {
        if (!finished) {
            throw new IllegalStateException("the staged file " + temporary.getFileName() + " is still being written");
        }
    }

    /** Moves what memory holds to the temporary file; later writes go there. */
    private void spill() throws IOException {
        OwnerOnly.createDirectories(temporaryDirectory);
        FileChannel opened = OwnerOnly.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel = opened;
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(opened), 1 << 16);
        onDisk = out;
        if (memory != null) {
            memory.writeTo(out);
            memory = null;
        }
    }

    private void closeOnDisk() throws IOException {
        if (onDisk != null && channel != null) {
            onDisk.flush();
            channel.close();
        }
    }

    /** Writes to memory until the limit would be passed, to the temporary file from then on. */
    private final class Spilling extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (finished) {
                throw new IOException("the staged file " + temporary.getFileName() + " was finished");
            }
            if (memory != null && size + length > inMemoryLimit) {
                spill();
            }
            if (memory != null) {
                memory.write(bytes, offset, length);
            } else if (onDisk != null) {
                onDisk.write(bytes, offset, length);
            }
            size += length;
        }
    }
}
