package io.litevfs.protocol.ltx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64 with the ISO polynomial as Go's {@code hash/crc64} computes it with {@code crc64.ISO}:
 * reflected polynomial {@code 0xD800000000000000}, initial value and final XOR all ones.
 * {@code crc("123456789") = 0xB90956C775A41001}. Slicing-by-8 tables make it about eight times faster
 * than the bytewise loop, which matters because every page read and written is checksummed.
 */
public final class Crc64 {

    private static final long POLYNOMIAL = 0xD800000000000000L;
    private static final long[][] TABLES = buildTables();
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The running CRC in its inverted (pre-final-XOR) form. */
    private long state = -1L;

    /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
    public Crc64 update(byte[] bytes, int offset, int length) {
        state = updateInverted(state, bytes, offset, length);
        return this;
    }

    public Crc64 update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    /** Adds a 32-bit value as 4 big-endian bytes. */
    public Crc64 updateInt(int value) {
        long crc = state;
        crc = TABLES[0][(int) ((crc ^ (value >>> 24)) & 0xFF)] ^ (crc >>> 8);
        crc = TABLES[0][(int) ((crc ^ (value >>> 16)) & 0xFF)] ^ (crc >>> 8);
        crc = TABLES[0][(int) ((crc ^ (value >>> 8)) & 0xFF)] ^ (crc >>> 8);
        crc = TABLES[0][(int) ((crc ^ value) & 0xFF)] ^ (crc >>> 8);
        state = crc;
        return this;
    }

    /** Adds a 64-bit value as 8 big-endian bytes. */
    public Crc64 updateLong(long value) {
        updateInt((int) (value >>> 32));
        return updateInt((int) value);
    }

    /** The CRC of everything added so far. */
    public long value() {
        return ~state;
    }

    /** The CRC of one byte range. */
    public static long of(byte[] bytes, int offset, int length) {
        return ~updateInverted(-1L, bytes, offset, length);
    }

    private static long updateInverted(long crc, byte[] bytes, int offset, int length) {
        int index = offset;
        int end = offset + length;
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        while (end - index >= 8) {
            crc ^= (long) LONG_LE.get(bytes, index);
            crc = t7[(int) (crc & 0xFF)]
                    ^ t6[(int) ((crc >>> 8) & 0xFF)]
                    ^ t5[(int) ((crc >>> 16) & 0xFF)]
                    ^ t4[(int) ((crc >>> 24) & 0xFF)]
                    ^ t3[(int) ((crc >>> 32) & 0xFF)]
                    ^ t2[(int) ((crc >>> 40) & 0xFF)]
                    ^ t1[(int) ((crc >>> 48) & 0xFF)]
                    ^ t0[(int) (crc >>> 56)];
            index += 8;
        }
        while (index < end) {
            crc = t0[(int) ((crc ^ bytes[index++]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }

    private static long[][] buildTables() {
        long[][] tables = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            tables[0][i] = crc;
        }
        for (int slice = 1; slice < 8; slice++) {
            for (int i = 0; i < 256; i++) {
                long previous = tables[slice - 1][i];
                tables[slice][i] = (previous >>> 8) ^ tables[0][(int) (previous & 0xFF)];
            }
        }
        return tables;
    }
}
