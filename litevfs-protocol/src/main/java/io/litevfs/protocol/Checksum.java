package io.litevfs.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A 64-bit LTX checksum. A tracked checksum always has {@link #FLAG} set, so it is never 0; the value 0
 * means "no checksum" (a snapshot's pre-apply checksum, or a file written without checksums).
 *
 * @param value the raw 64 bits
 */
public record Checksum(long value) {

    /** The bit every valid checksum carries. */
    public static final long FLAG = 1L << 63;

    /** No checksum. */
    public static final Checksum ZERO = new Checksum(0);

    /** The checksum of a database with no pages. */
    public static final Checksum EMPTY_DATABASE = new Checksum(FLAG);

    public static Checksum of(long value) {
        return value == 0 ? ZERO : new Checksum(value);
    }

    /** Parses the 16-hex-digit text form, in either case. */
    @JsonCreator
    public static Checksum parse(String text) {
        return of(Hex16.parse(text, "checksum"));
    }

    @JsonIgnore
    public boolean isZero() {
        return value == 0;
    }

    /** Whether the value carries {@link #FLAG}, as every tracked checksum must. */
    @JsonIgnore
    public boolean isFlagged() {
        return (value & FLAG) != 0;
    }

    @JsonValue
    @Override
    public String toString() {
        return Hex16.format(value);
    }
}
