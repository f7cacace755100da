package io.litevfs.protocol;

/**
 * The text form LTX uses for 64-bit values: exactly 16 hex digits, written lowercase, read in any case.
 */
final class Hex16 {

    private Hex16() {
    }

    static String format(long value) {
        return String.format("%016x", value);
    }

    /**
     * Parses 16 hex digits into an unsigned 64-bit value.
     *
     * @throws IllegalArgumentException naming {@code what} when the text is not exactly 16 hex digits
     */
    static long parse(String text, String what) {
        if (text.length() != 16) {
            throw new IllegalArgumentException(what + " must be exactly 16 hex digits, got \"" + text + "\"");
        }
        try {
            return Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be exactly 16 hex digits, got \"" + text + "\"", e);
        }
    }
}
