package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.litevfs.protocol.ltx.PageChecksum;

/**
 * One page in a {@code GET /db/page} answer. {@code data} travels as standard base64 in JSON.
 *
 * @param pgno     page number
 * @param data     page contents, exactly one page long
 * @param checksum the page's checksum as the store vouches for it ({@code FLAG | crc64(be32(pgno) ‖ data)},
 *                 see {@link io.litevfs.protocol.ltx.PageChecksum}), or 0 when the answer carried none; not
 *                 part of the default JSON binding, which stays LiteFS Cloud's: it travels only when asked for,
 *                 as 16 hex digits (see {@link PageFrames})
 */
public record PageData(long pgno, byte[] data, @JsonIgnore long checksum) {

    /** A page without a checksum (JSON as LiteFS Cloud gave it, or the plain binary framing). */
    public PageData(long pgno, byte[] data) {
        this(pgno, data, 0);
    }

    /** This page with its checksum: the one it has, or, where it has none, the one its data gives. */
    public PageData withChecksum() {
        return checksum != 0 ? this : new PageData(pgno, data, PageChecksum.of((int) pgno, data));
    }
}
