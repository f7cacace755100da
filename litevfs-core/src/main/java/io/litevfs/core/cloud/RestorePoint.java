package io.litevfs.core.cloud;

import io.litevfs.protocol.TxId;

import java.time.Instant;

/** A point of a database's history in the store to restore to: a time (the newest point accepted by then) or a TXID. */
public sealed interface RestorePoint {

    /** The query parameter that names the point in {@code POST /db/restore}. */
    String parameter();

    /** Its value. */
    String value();

    static RestorePoint at(Instant time) {
        return new AtTime(time);
    }

    static RestorePoint at(TxId txid) {
        return new AtTxId(txid);
    }

    record AtTime(Instant time) implements RestorePoint {

        @Override
        public String parameter() {
            return "timestamp";
        }

        @Override
        public String value() {
            return time.toString();
        }
    }

    record AtTxId(TxId txid) implements RestorePoint {

        @Override
        public String parameter() {
            return "txid";
        }

        @Override
        public String value() {
            return txid.toString();
        }
    }
}
