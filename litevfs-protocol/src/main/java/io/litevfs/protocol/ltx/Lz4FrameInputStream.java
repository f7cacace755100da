package io.litevfs.protocol.ltx;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads exactly one LZ4 frame and reports end of stream after its end mark and content checksum, never
 * reading a byte beyond them (the LTX trailer follows the frame, with no length in between). Every
 * check the format offers is made: header checksum, reserved bits, block checksums, content size and
 * content checksum, and the {@linkplain Lz4BlockShape one bit pattern no checksum covers}. Frames with linked blocks are refused with a clear error; LiteFS and LiteVFS
 * never write them.
 */
final class Lz4FrameInputStream extends InputStream {

    private final InputStream in;
    private final LZ4SafeDecompressor decompressor = Lz4Frame.LZ4.safeDecompressor();
    private final byte[] compressed;
    private final byte[] block;
    private final boolean blockChecksums;
    private final boolean contentChecksum;
    private final long declaredContentSize;
    private final StreamingXXHash32 contentHash = Lz4Frame.XXHASH.newStreamingHash32(0);
    private long contentSize;
    private int blockLength;
    private int blockPosition;
    private boolean ended;

    Lz4FrameInputStream(InputStream in) throws IOException {
        this.in = in;
        if (readIntLe() != Lz4Frame.MAGIC) {
            throw corrupt("the page block does not start with an LZ4 frame magic number");
        }
        byte[] descriptor = new byte[14];
        int flg = readByte();
        int bd = readByte();
        descriptor[0] = (byte) flg;
        descriptor[1] = (byte) bd;
        int descriptorLength = 2;
        if ((flg & Lz4Frame.FLG_VERSION_MASK) != Lz4Frame.FLG_VERSION_01 || (flg & Lz4Frame.FLG_RESERVED) != 0
                || (bd & 0x8F) != 0 || Lz4Frame.maxBlockSize(bd) < 0) {
            throw corrupt("the LZ4 frame descriptor is invalid (FLG 0x%02x, BD 0x%02x)".formatted(flg, bd));
        }
        long contentSizeField = -1;
        if ((flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            contentSizeField = 0;
            for (int i = 0; i < 8; i++) {
                int b = readByte();
                descriptor[descriptorLength++] = (byte) b;
                contentSizeField |= (long) b << (8 * i);
            }
        }
        if ((flg & Lz4Frame.FLG_DICTIONARY_ID) != 0) {
            for (int i = 0; i < 4; i++) {
                descriptor[descriptorLength++] = (byte) readByte();
            }
        }
        if (readByte() != Lz4Frame.headerChecksum(descriptor, descriptorLength)) {
            throw corrupt("the LZ4 frame header checksum does not match");
        }
        if ((flg & Lz4Frame.FLG_BLOCK_INDEPENDENT) == 0) {
            throw corrupt("LZ4 frames with linked blocks are not supported; LTX writers use independent blocks");
        }
        if ((flg & Lz4Frame.FLG_DICTIONARY_ID) != 0) {
            throw corrupt("LZ4 frames that need a dictionary are not supported");
        }
        this.declaredContentSize = contentSizeField;
        this.blockChecksums = (flg & Lz4Frame.FLG_BLOCK_CHECKSUM) != 0;
        this.contentChecksum = (flg & Lz4Frame.FLG_CONTENT_CHECKSUM) != 0;
        int maxBlock = Lz4Frame.maxBlockSize(bd);
        this.compressed = new byte[maxBlock];
        this.block = new byte[maxBlock];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (blockPosition == blockLength) {
            if (ended || !nextBlock()) {
                return -1;
            }
        }
        int chunk = Math.min(length, blockLength - blockPosition);
        System.arraycopy(block, blockPosition, bytes, offset, chunk);
        blockPosition += chunk;
        return chunk;
    }

    private boolean nextBlock() throws IOException {
        int header = readIntLe();
        if (header == 0) {
            endFrame();
            return false;
        }
        boolean stored = (header & Lz4Frame.UNCOMPRESSED_BLOCK_BIT) != 0;
        int size = header & ~Lz4Frame.UNCOMPRESSED_BLOCK_BIT;
        if (size > compressed.length) {
            throw corrupt("an LZ4 block of %d bytes is larger than the frame allows".formatted(size));
        }
        readFully(compressed, size);
        if (blockChecksums && readIntLe() != Lz4Frame.XXHASH.hash32().hash(compressed, 0, size, 0)) {
            throw corrupt("an LZ4 block checksum does not match");
        }
        if (stored) {
            System.arraycopy(compressed, 0, block, 0, size);
            blockLength = size;
        } else {
            try {
                blockLength = decompressor.decompress(compressed, 0, size, block, 0, block.length);
            } catch (LZ4Exception e) {
                throw new LtxException(LtxError.BAD_COMPRESSION, "an LZ4 block is damaged: " + e.getMessage(), e);
            }
            if (!Lz4BlockShape.lastTokenIsCanonical(compressed, size)) {
                throw corrupt("an LZ4 block ends with a match length where only literals may be");
            }
        }
        blockPosition = 0;
        contentHash.update(block, 0, blockLength);
        contentSize += blockLength;
        return true;
    }

    private void endFrame() throws IOException {
        ended = true;
        if (contentChecksum && readIntLe() != contentHash.getValue()) {
            throw corrupt("the LZ4 frame content checksum does not match");
        }
        if (declaredContentSize >= 0 && declaredContentSize != contentSize) {
            throw corrupt("the LZ4 frame holds %d bytes but declares %d".formatted(contentSize, declaredContentSize));
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        return b;
    }

    private int readIntLe() throws IOException {
        return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
    }

    private void readFully(byte[] target, int length) throws IOException {
        if (in.readNBytes(target, 0, length) != length) {
            throw truncated();
        }
    }

    private static LtxException truncated() {
        return new LtxException(LtxError.TRUNCATED, "the LTX file ends inside its LZ4 frame");
    }

    private static LtxException corrupt(String message) {
        return new LtxException(LtxError.BAD_COMPRESSION, message);
    }
}
