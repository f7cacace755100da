package io.litevfs.core.db;

import java.util.function.IntConsumer;

/**
 * Reads the page numbers a SQLite page points to, for prefetching: the children of an interior b-tree
 * page, and the root pages named by the schema table on page 1. Anything malformed is ignored: a wrong
 * guess costs one useless prefetch, never a wrong answer.
 */
final class BTreePages {

    private static final int INTERIOR_INDEX = 0x02;
    private static final int INTERIOR_TABLE = 0x05;
    private static final int LEAF_TABLE = 0x0d;

    private BTreePages() {
    }

    /** Whether {@code data} (page {@code pgno}) is an interior b-tree page. */
    static boolean isInterior(int pgno, byte[] data) {
        int header = pgno == 1 ? 100 : 0;
        int type = data.length > header ? data[header] & 0xFF : 0;
        return type == INTERIOR_INDEX || type == INTERIOR_TABLE;
    }

    /** Calls {@code child} for every page {@code data} (page {@code pgno}) points to. */
    static void pointers(int pgno, byte[] data, IntConsumer child) {
        int header = pgno == 1 ? 100 : 0;
        if (data.length < header + 12) {
            return;
        }
        int type = data[header] & 0xFF;
        int cells = u16(data, header + 3);
        if (type == INTERIOR_INDEX || type == INTERIOR_TABLE) {
            for (int i = 0; i < cells; i++) {
                int cell = cellOffset(data, header + 12, i);
                if (cell > 0 && cell + 4 <= data.length) {
                    child.accept(u32(data, cell));
                }
            }
            child.accept(u32(data, header + 8));
        } else if (type == LEAF_TABLE && pgno == 1) {
            for (int i = 0; i < cells; i++) {
                int cell = cellOffset(data, header + 8, i);
                if (cell > 0) {
                    int root = schemaRootPage(data, cell);
                    if (root > 0) {
                        child.accept(root);
                    }
                }
            }
        }
    }

    private static int cellOffset(byte[] data, int pointerArray, int index) {
        int at = pointerArray + 2 * index;
        return at + 2 <= data.length ? u16(data, at) : -1;
    }

    /** The rootpage column (4th) of a sqlite_schema row stored in the cell at {@code cell}, or -1. */
    private static int schemaRootPage(byte[] data, int cell) {
        long[] varint = new long[2];
        int at = varint(data, cell, varint);
        if (at < 0) {
            return -1;
        }
        at = varint(data, at, varint);
        if (at < 0) {
            return -1;
        }
        int recordStart = at;
        at = varint(data, at, varint);
        if (at < 0) {
            return -1;
        }
        long headerEnd = recordStart + varint[0];
        long[] serialTypes = new long[4];
        for (int column = 0; column < 4; column++) {
            if (at >= headerEnd) {
                return -1;
            }
            at = varint(data, at, varint);
            if (at < 0) {
                return -1;
            }
            serialTypes[column] = varint[0];
        }
        long body = headerEnd;
        for (int column = 0; column < 3; column++) {
            body += contentSize(serialTypes[column]);
        }
        long size = contentSize(serialTypes[3]);
        if (size < 1 || size > 8 || body + size > data.length || serialTypes[3] > 6) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (data[(int) body + i] & 0xFF);
        }
        return value > 0 && value <= Integer.MAX_VALUE ? (int) value : -1;
    }

    private static long contentSize(long serialType) {
        if (serialType >= 12) {
            return (serialType - (serialType % 2 == 0 ? 12 : 13)) / 2;
        }
        return switch ((int) serialType) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> 0;
        };
    }

    /** Reads a SQLite varint at {@code at} into {@code out[0]}; returns the next offset, or -1. */
    private static int varint(byte[] data, int at, long[] out) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            if (at + i >= data.length) {
                return -1;
            }
            int b = data[at + i] & 0xFF;
            if (i == 8) {
                out[0] = (value << 8) | b;
                return at + 9;
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                out[0] = value;
                return at + i + 1;
            }
        }
        return -1;
    }

    private static int u16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private static int u32(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
    }
}
