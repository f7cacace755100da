package io.litevfs.protocol.ltx;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.xxhash.StreamingXXHash32;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes exactly one LZ4 frame as Go's pierrec/lz4 does for LTX: independent 64 KiB blocks and a content
 * checksum (FLG {@code 0x64}, BD {@code 0x40}). {@link #finish()} ends the frame without closing the
 * underlying stream, because the LTX trailer follows it.
 */
final class Lz4FrameOutputStream extends OutputStream {

    private final OutputStream out;
    private final LZ4Compressor compressor = Lz4Frame.LZ4.fastCompressor();
    private final StreamingXXHash32 contentHash = Lz4Frame.XXHASH.newStreamingHash32(0);
    private final byte[] block = new byte[Lz4Frame.BLOCK_SIZE_64K];
    private final byte[] compressed;
    private int blockLength;
    private boolean finished;

    Lz4FrameOutputStream(OutputStream out) throws IOException {
        this.out = out;
        this.compressed = new byte[4 + compressor.maxCompressedLength(Lz4Frame.BLOCK_SIZE_64K)];
        byte[] descriptor = {
                (byte) (Lz4Frame.FLG_VERSION_01 | Lz4Frame.FLG_BLOCK_INDEPENDENT | Lz4Frame.FLG_CONTENT_CHECKSUM),
                (byte) Lz4Frame.BD_64K};
        writeIntLe(Lz4Frame.MAGIC);
        out.write(descriptor);
        out.write(Lz4Frame.headerChecksum(descriptor, descriptor.length));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int index = offset;
        int remaining = length;
        while (remaining > 0) {
            int chunk = Math.min(remaining, block.length - blockLength);
            System.arraycopy(bytes, index, block, blockLength, chunk);
            blockLength += chunk;
            index += chunk;
            remaining -= chunk;
            if (blockLength == block.length) {
                writeBlock();
            }
        }
    }

    /** Writes the last block, the end mark and the content checksum. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        writeBlock();
        writeIntLe(0);
        writeIntLe(contentHash.getValue());
        finished = true;
    }

    private void writeBlock() throws IOException {
        if (blockLength == 0) {
            return;
        }
        contentHash.update(block, 0, blockLength);
        int size = compressor.compress(block, 0, blockLength, compressed, 0, compressed.length);
        if (size >= blockLength) {
            writeIntLe(blockLength | Lz4Frame.UNCOMPRESSED_BLOCK_BIT);
            out.write(block, 0, blockLength);
        } else {
            writeIntLe(size);
            out.write(compressed, 0, size);
        }
        blockLength = 0;
    }

    private void writeIntLe(int value) throws IOException {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
