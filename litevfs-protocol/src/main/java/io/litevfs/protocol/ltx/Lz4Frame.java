package io.litevfs.protocol.ltx;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Constants and codecs of the LZ4 frame format (lz4 spec 1.6) that LTX v1 wraps its page block in.
 * The pure-Java codecs are used so that the protocol needs no native library.
 */
final class Lz4Frame {

    static final int MAGIC = 0x184D2204;
    static final int BLOCK_SIZE_64K = 64 * 1024;

    static final int FLG_VERSION_MASK = 0xC0;
    static final int FLG_VERSION_01 = 0x40;
    static final int FLG_BLOCK_INDEPENDENT = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x02;
    static final int FLG_DICTIONARY_ID = 0x01;
    static final int BD_64K = 0x40;
    static final int UNCOMPRESSED_BLOCK_BIT = 0x80000000;

    static final LZ4Factory LZ4 = LZ4Factory.safeInstance();
    static final XXHashFactory XXHASH = XXHashFactory.safeInstance();

    private Lz4Frame() {
    }

    /** The header checksum byte: the second byte of xxh32 over the frame descriptor. */
    static int headerChecksum(byte[] descriptor, int length) {
        return (XXHASH.hash32().hash(descriptor, 0, length, 0) >> 8) & 0xFF;
    }

    /** The maximum block size a BD byte declares, or -1 for an invalid code. */
    static int maxBlockSize(int bd) {
        return switch ((bd >> 4) & 0x7) {
            case 4 -> 64 * 1024;
            case 5 -> 256 * 1024;
            case 6 -> 1024 * 1024;
            case 7 -> 4 * 1024 * 1024;
            default -> -1;
        };
    }
}
