package io.litevfs.protocol.wire;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;

import java.util.List;

/**
 * The {@code GET /db/info} answer (litefs-backup): the positions a database can be restored to.
 *
 * @param name            database name
 * @param restorablePaths restorable points, oldest first
 */
public record DatabaseInfo(String name, List<RestorablePath> restorablePaths) {

    /**
     * One restorable point.
     *
     * @param maxTxId           its transaction
     * @param maxTimestamp      RFC 3339 time of that transaction
     * @param postApplyChecksum database checksum at that point
     */
    public record RestorablePath(TxId maxTxId, String maxTimestamp, Checksum postApplyChecksum) {
    }
}
