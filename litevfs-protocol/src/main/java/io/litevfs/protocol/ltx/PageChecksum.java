package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;

/**
 * The checksum of one page: {@code FLAG | crc64(be32(pgno) ‖ data)}. The page number is hashed first so
 * that the same bytes at two page numbers have different checksums.
 */
public final class PageChecksum {

    private PageChecksum() {
    }

    public static long of(int pgno, byte[] data, int offset, int length) {
        return Checksum.FLAG | new Crc64().updateInt(pgno).update(data, offset, length).value();
    }

    public static long of(int pgno, byte[] data) {
        return of(pgno, data, 0, data.length);
    }
}
