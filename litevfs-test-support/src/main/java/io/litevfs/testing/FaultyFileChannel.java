package io.litevfs.testing;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A file channel of a {@link FaultyFileSystem}: every write is first recorded in the file system's ledger
 * (which keeps what it overwrites until the next {@link #force}), so that a simulated crash can undo it,
 * and every operation first asks the file system whether a fault is due.
 */
final class FaultyFileChannel extends FileChannel {

    private final FaultyFileSystem fileSystem;
    private final FileChannel channel;
    private final Path real;
    private final boolean append;
    private final int generation;

    FaultyFileChannel(FaultyFileSystem fileSystem, FileChannel channel, Path real, boolean append) {
        this.fileSystem = fileSystem;
        this.channel = channel;
        this.real = real;
        this.append = append;
        this.generation = fileSystem.generation();
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        fileSystem.beforeRead(real, generation);
        return tallied(channel.read(target));
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
        fileSystem.beforeRead(real, generation);
        long read = channel.read(targets, offset, length);
        fileSystem.read(real, read);
        return read;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        fileSystem.beforeRead(real, generation);
        return tallied(channel.read(target, position));
    }

    private int tallied(int read) {
        fileSystem.read(real, read);
        return read;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        fileSystem.beforeWrite(real, channel, append ? channel.size() : channel.position(), source.remaining(), generation);
        return channel.write(source);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += write(sources[i]);
        }
        return written;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        fileSystem.beforeWrite(real, channel, position, source.remaining(), generation);
        return channel.write(source, position);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        fileSystem.beforeTruncate(real, channel, size, generation);
        channel.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        fileSystem.beforeForce(generation);
        channel.force(metaData);
        fileSystem.forced(real);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int read = read(buffer, position + done);
            if (read <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += read;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int read = source.read(buffer);
            if (read <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, position + done);
            }
        }
        return done;
    }

    /** Not offered: writes through a mapping would escape the ledger. */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("a FaultyFileSystem does not map files");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return new DelegatingLock(this, channel.lock(position, size, shared));
    }

    @Override
    public @Nullable FileLock tryLock(long position, long size, boolean shared) throws IOException {
        FileLock lock = channel.tryLock(position, size, shared);
        return lock == null ? null : new DelegatingLock(this, lock);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        channel.close();
    }

    /** A lock of the real channel, reported as this channel's. */
    private static final class DelegatingLock extends FileLock {

        private final FileLock lock;

        DelegatingLock(FileChannel channel, FileLock lock) {
            super(channel, lock.position(), lock.size(), lock.isShared());
            this.lock = lock;
        }

        @Override
        public boolean isValid() {
            return lock.isValid();
        }

        @Override
        public void release() throws IOException {
            lock.release();
        }
    }
}
