package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.litevfs.protocol.TxId;

/**
 * The {@code GET /db/restore/check} answer (litefs-backup): the point a restore to a timestamp would
 * actually reach.
 *
 * @param timestamp RFC 3339 time of that point
 * @param txId      its transaction
 */
public record RestoreCheck(String timestamp, @JsonProperty("txID") TxId txId) {
}
