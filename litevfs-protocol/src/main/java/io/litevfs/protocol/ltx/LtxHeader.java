package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.TxId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 100-byte LTX header. All integers are big-endian; bytes 80 to 99 are reserved (written as zero,
 * ignored on read, but covered by the file checksum).
 *
 * @param flags            {@link #FLAG_COMPRESS_LZ4} and/or {@link #FLAG_NO_CHECKSUM}
 * @param pageSize         bytes per page
 * @param commit           database size in pages after the file is applied; 0 deletes the database
 * @param minTxId          first transaction in the file; 1 makes the file a snapshot
 * @param maxTxId          last transaction in the file
 * @param timestamp        milliseconds since the Unix epoch
 * @param preApplyChecksum database checksum the file applies on top of; zero for snapshots
 * @param walOffset        offset in the WAL the file came from, or 0
 * @param walSize          size of that WAL segment, or 0
 * @param walSalt1         WAL salt 1, or 0
 * @param walSalt2         WAL salt 2, or 0
 * @param nodeId           id of the node that wrote the file, or 0
 */
public record LtxHeader(
        int flags,
        int pageSize,
        int commit,
        TxId minTxId,
        TxId maxTxId,
        long timestamp,
        Checksum preApplyChecksum,
        long walOffset,
        long walSize,
        int walSalt1,
        int walSalt2,
        long nodeId) {

    public static final int SIZE = 100;
    public static final int FLAG_COMPRESS_LZ4 = 0x1;
    public static final int FLAG_NO_CHECKSUM = 0x2;
    static final int FLAG_MASK = FLAG_COMPRESS_LZ4 | FLAG_NO_CHECKSUM;
    static final byte[] MAGIC = "LTX1".getBytes(StandardCharsets.US_ASCII);

    /** A header for one or more transactions with no WAL fields and no node id. */
    public static LtxHeader of(int flags, int pageSize, int commit, TxId minTxId, TxId maxTxId,
                               long timestamp, Checksum preApplyChecksum) {
        return new LtxHeader(flags, pageSize, commit, minTxId, maxTxId, timestamp, preApplyChecksum,
                0, 0, 0, 0, 0);
    }

    /** Whether the file replaces the whole database (it starts at TXID 1). */
    public boolean isSnapshot() {
        return minTxId.value() == 1;
    }

    public boolean isCompressed() {
        return (flags & FLAG_COMPRESS_LZ4) != 0;
    }

    public boolean hasNoChecksum() {
        return (flags & FLAG_NO_CHECKSUM) != 0;
    }

    public int lockPage() {
        return Pages.lockPage(pageSize);
    }

    /** The same header with other flags. */
    public LtxHeader withFlags(int newFlags) {
        return new LtxHeader(newFlags, pageSize, commit, minTxId, maxTxId, timestamp, preApplyChecksum,
                walOffset, walSize, walSalt1, walSalt2, nodeId);
    }

    /** The same header with another timestamp. */
    public LtxHeader withTimestamp(long newTimestamp) {
        return new LtxHeader(flags, pageSize, commit, minTxId, maxTxId, newTimestamp, preApplyChecksum,
                walOffset, walSize, walSalt1, walSalt2, nodeId);
    }

    /**
     * Checks the rules every LTX header obeys (those of Go ltx v0.3.15, which LiteFS v0.5 reads, with
     * v0.3.14's stricter WAL rules relaxed as v0.3.15 did).
     */
    public void validate() throws LtxException {
        if ((flags & ~FLAG_MASK) != 0) {
            throw new LtxException(LtxError.BAD_FLAGS, "LTX header has unknown flags 0x%x".formatted(flags));
        }
        if (!Pages.isValidPageSize(pageSize)) {
            throw new LtxException(LtxError.BAD_PAGE_SIZE,
                    "LTX page size %d is not a power of two from 512 to 65536".formatted(pageSize));
        }
        if (commit < 0) {
            throw new LtxException(LtxError.BAD_PAGE_NUMBER,
                    "LTX commit size %s is beyond what this implementation supports".formatted(
                            Integer.toUnsignedString(commit)));
        }
        if (minTxId.isZero() || maxTxId.isZero() || minTxId.compareTo(maxTxId) > 0) {
            throw new LtxException(LtxError.BAD_TXID_RANGE,
                    "LTX TXID range %s-%s is invalid (both must be at least 1, min no more than max)"
                            .formatted(minTxId, maxTxId));
        }
        if (walOffset < 0 || walSize < 0 || (walSize != 0 && walOffset == 0)
                || ((walSalt1 != 0 || walSalt2 != 0) && walOffset == 0)) {
            throw new LtxException(LtxError.BAD_WAL_FIELDS,
                    "LTX WAL fields are inconsistent: offset %d, size %d, salts %08x/%08x"
                            .formatted(walOffset, walSize, walSalt1, walSalt2));
        }
        if (hasNoChecksum()) {
            if (!preApplyChecksum.isZero()) {
                throw new LtxException(LtxError.BAD_PRE_APPLY_CHECKSUM,
                        "LTX file without checksums has a pre-apply checksum " + preApplyChecksum);
            }
        } else if (isSnapshot()) {
            if (!preApplyChecksum.isZero()) {
                throw new LtxException(LtxError.BAD_PRE_APPLY_CHECKSUM,
                        "LTX snapshot has a pre-apply checksum " + preApplyChecksum + "; it must be 0");
            }
        } else if (!preApplyChecksum.isFlagged()) {
            throw new LtxException(LtxError.BAD_PRE_APPLY_CHECKSUM,
                    "LTX incremental file needs a valid pre-apply checksum, got " + preApplyChecksum);
        }
    }

    /** Writes the 100 bytes. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        buffer.put(MAGIC)
                .putInt(flags)
                .putInt(pageSize)
                .putInt(commit)
                .putLong(minTxId.value())
                .putLong(maxTxId.value())
                .putLong(timestamp)
                .putLong(preApplyChecksum.value())
                .putLong(walOffset)
                .putLong(walSize)
                .putInt(walSalt1)
                .putInt(walSalt2)
                .putLong(nodeId);
        return buffer.array();
    }

    /** Reads the 100 bytes, checking the magic only; call {@link #validate()} for the rest. */
    public static LtxHeader fromBytes(byte[] bytes) throws LtxException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, SIZE);
        byte[] magic = new byte[4];
        buffer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new LtxException(LtxError.BAD_MAGIC, "not an LTX file: it does not start with \"LTX1\"");
        }
        int flags = buffer.getInt();
        int pageSize = buffer.getInt();
        int commit = buffer.getInt();
        long minTxId = buffer.getLong();
        long maxTxId = buffer.getLong();
        long timestamp = buffer.getLong();
        long preApply = buffer.getLong();
        long walOffset = buffer.getLong();
        long walSize = buffer.getLong();
        int salt1 = buffer.getInt();
        int salt2 = buffer.getInt();
        long nodeId = buffer.getLong();
        if (minTxId < 0 || maxTxId < 0) {
            throw new LtxException(LtxError.BAD_TXID_RANGE, "LTX TXID range %s-%s is out of range".formatted(
                    Long.toUnsignedString(minTxId, 16), Long.toUnsignedString(maxTxId, 16)));
        }
        return new LtxHeader(flags, pageSize, commit, TxId.of(minTxId), TxId.of(maxTxId), timestamp,
                Checksum.of(preApply), walOffset, walSize, salt1, salt2, nodeId);
    }
}
