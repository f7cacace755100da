package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.litevfs.protocol.TxId;

/**
 * The answer of {@code POST /db/restore} and {@code POST /db/upload}: the TXID of the transaction that
 * the restore or import appended, {@code {"txID":"<16 hex>"}}.
 *
 * @param txId the new transaction
 */
public record TxIdResponse(@JsonProperty("txID") TxId txId) {
}
