package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;

/**
 * The 16-byte LTX trailer, never compressed.
 *
 * @param postApplyChecksum database checksum after the file is applied
 * @param fileChecksum      checksum of the header, the uncompressed page block and the post-apply checksum
 */
public record LtxTrailer(Checksum postApplyChecksum, Checksum fileChecksum) {

    public static final int SIZE = 16;
}
