package io.litevfs.core.cloud;

import io.litevfs.protocol.TxId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** A point of a database's history in the store to restore to: a time (the newest point accepted by then) or a TXID. */
public sealed interface RestorePoint {

    /** The query parameter that names the point in {@code POST /db/restore}. */
    String parameter();

    /** Its value. */
    String value();

    /**
     * A point as people write it: a TXID (16 hex digits) or an RFC 3339 time such as
     * {@code 2026-12-05T10:00:00Z}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static RestorePoint parse(String text) {
        try {
            return text.matches("[0-9a-fA-F]{16}") ? at(TxId.parse(text)) : at(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a point is a TXID (16 hex digits) or a time (RFC 3339, e.g. "
                    + "2026-12-05T10:00:00Z), not \"" + text + "\"", e);
        }
    }

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
