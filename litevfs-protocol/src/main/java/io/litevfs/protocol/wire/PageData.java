package io.litevfs.protocol.wire;

/**
 * One page in a {@code GET /db/page} answer. {@code data} travels as standard base64 in JSON.
 *
 * @param pgno     page number
 * @param data     page contents, exactly one page long
 * @param checksum the page's checksum as the store vouches for it ({@code FLAG | crc64(be32(pgno) ‖ data)},
 *                 see {@link io.litevfs.protocol.ltx.PageChecksum}), or 0 when the answer carried none
 */
public record PageData(long pgno, byte[] data, long checksum) {

    /** A page without a checksum (JSON as LiteFS Cloud gave it, or the plain binary framing). */
    public PageData(long pgno, byte[] data) {
        this(pgno, data, 0);
    }
}
