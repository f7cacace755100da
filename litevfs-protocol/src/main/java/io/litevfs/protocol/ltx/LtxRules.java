package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import org.jspecify.annotations.Nullable;

/**
 * The trailer rules both directions enforce.
 */
final class LtxRules {

    private LtxRules() {
    }

    /**
     * Checks a post-apply checksum against the header: zero without checksums, flagged otherwise, exactly
     * the empty-database checksum for a deletion file, and equal to {@code computed} where the pages alone
     * determine it (a snapshot).
     */
    static void checkPostApply(LtxHeader header, Checksum postApply, @Nullable Checksum computed)
            throws LtxException {
        if (header.hasNoChecksum()) {
            if (!postApply.isZero()) {
                throw new LtxException(LtxError.BAD_POST_APPLY_CHECKSUM,
                        "LTX file without checksums has a post-apply checksum " + postApply);
            }
            return;
        }
        if (!postApply.isFlagged()) {
            throw new LtxException(LtxError.BAD_POST_APPLY_CHECKSUM,
                    "LTX post-apply checksum " + postApply + " is not a valid checksum");
        }
        if (header.commit() == 0 && !postApply.equals(Checksum.EMPTY_DATABASE)) {
            throw new LtxException(LtxError.BAD_POST_APPLY_CHECKSUM,
                    "LTX deletion file must end at the empty-database checksum, not " + postApply);
        }
        if (computed != null && !computed.equals(postApply)) {
            throw new LtxException(LtxError.BAD_POST_APPLY_CHECKSUM,
                    "LTX snapshot pages sum to checksum " + computed + " but the trailer says " + postApply);
        }
    }
}
