package io.litevfs.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A transaction id: an unsigned 64-bit counter, 0 meaning "no transaction". LiteVFS keeps TXIDs in
 * the signed range, so a TXID with the top bit set is refused as out of range rather than wrapped.
 *
 * @param value the id, at least 0
 */
public record TxId(long value) implements Comparable<TxId> {

    /** No transaction at all: the position of a database that has none. */
    public static final TxId ZERO = new TxId(0);

    public TxId {
        if (value < 0) {
            throw new IllegalArgumentException("TXID " + Long.toUnsignedString(value, 16) + " is out of range");
        }
    }

    public static TxId of(long value) {
        return value == 0 ? ZERO : new TxId(value);
    }

    /** Parses the 16-hex-digit text form, in either case. */
    @JsonCreator
    public static TxId parse(String text) {
        return of(Hex16.parse(text, "TXID"));
    }

    @JsonIgnore
    public boolean isZero() {
        return value == 0;
    }

    public TxId next() {
        return of(Math.addExact(value, 1));
    }

    /** The TXID before this one (0 before 1). */
    public TxId previous() {
        if (value == 0) {
            throw new IllegalStateException("TXID 0 has no predecessor");
        }
        return of(value - 1);
    }

    @Override
    public int compareTo(TxId other) {
        return Long.compare(value, other.value);
    }

    /** The 16 lowercase hex digits, as in file names, headers and JSON. */
    @JsonValue
    @Override
    public String toString() {
        return Hex16.format(value);
    }
}
