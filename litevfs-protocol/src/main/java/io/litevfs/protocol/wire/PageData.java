package io.litevfs.protocol.wire;

/**
 * One page in a {@code GET /db/page} response. {@code data} travels as standard base64.
 *
 * @param pgno page number
 * @param data page contents, exactly one page long
 */
public record PageData(long pgno, byte[] data) {
}
