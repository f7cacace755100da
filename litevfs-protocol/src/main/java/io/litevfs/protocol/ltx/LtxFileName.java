package io.litevfs.protocol.ltx;

import io.litevfs.protocol.TxId;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a stored LTX file: {@code <minTXID>-<maxTXID>.ltx}, each 16 lowercase hex digits.
 *
 * @param minTxId first transaction in the file
 * @param maxTxId last transaction in the file
 */
public record LtxFileName(TxId minTxId, TxId maxTxId) {

    private static final Pattern NAME = Pattern.compile("^([0-9a-f]{16})-([0-9a-f]{16})\\.ltx$");

    /** Parses a file name, or returns null when it is not one. */
    public static @org.jspecify.annotations.Nullable LtxFileName parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return null;
        }
        try {
            return new LtxFileName(TxId.parse(matcher.group(1)), TxId.parse(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return minTxId + "-" + maxTxId + ".ltx";
    }
}
