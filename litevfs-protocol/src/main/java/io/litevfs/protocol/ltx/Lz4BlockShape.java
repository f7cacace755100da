package io.litevfs.protocol.ltx;

/**
 * One structural check of an LZ4 block that decompression alone does not make. The last sequence of a
 * block holds only literals, so the match-length half of its token is never read: a decoder accepts any
 * value there and produces the same bytes, which leaves four bits of a stored file outside every
 * checksum. Every LZ4 writer puts 0 there; a block that has anything else was altered after writing.
 */
final class Lz4BlockShape {

    private Lz4BlockShape() {
    }

    /** Whether the block's last token has a zero match length (the block is assumed to decompress). */
    static boolean lastTokenIsCanonical(byte[] block, int length) {
        int index = 0;
        while (index < length) {
            int token = block[index++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int extra;
                do {
                    if (index >= length) {
                        return false;
                    }
                    extra = block[index++] & 0xFF;
                    literals += extra;
                } while (extra == 255);
            }
            index += literals;
            if (index == length) {
                return (token & 0x0F) == 0;
            }
            index += 2;
            if ((token & 0x0F) == 15) {
                int extra;
                do {
                    if (index >= length) {
                        return false;
                    }
                    extra = block[index++] & 0xFF;
                } while (extra == 255);
            }
        }
        return false;
    }
}
