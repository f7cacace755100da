package io.litevfs.core.db;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a SQLite page says of other pages, for prefetching: the children of an interior b-tree page
 * (with their keys, on a table's), the root pages named by the schema table on page 1 and the table of
 * each index, and the rowids an index leaf points to. Anything malformed is ignored: a wrong guess costs one useless prefetch, never a
 * wrong answer.
 */
final class BTreePages {

    private static final int INTERIOR_INDEX = 0x02;
    private static final int INTERIOR_TABLE = 0x05;
    private static final int LEAF_INDEX = 0x0a;
    private static final int LEAF_TABLE = 0x0d;

    /**
     * An interior page: its children in key order (the right-most last) and, on a table's, the rowid keys
     * that divide them: child {@code i} holds the rowids in ({@code keys[i - 1]}, {@code keys[i]}], the
     * last child those above the last key. {@code keys} is null on an index's interior page.
     */
    record Interior(int[] children, long @Nullable [] keys) {

        boolean isTable() {
            return keys != null;
        }
    }

    /**
     * The entries of an index leaf in key order: the rowid each points to, and a hash of the rest of its
     * key, so that entries with equal keys (those one equality lookup visits together) can be told apart
     * from the others without keeping the keys.
     */
    record IndexEntries(long[] rowids, int[] keyHashes) {
    }

    private BTreePages() {
    }

    /** Whether a page whose b-tree header starts with {@code type} (its first byte) is an interior page. */
    static boolean isInteriorType(int type) {
        return type == INTERIOR_INDEX || type == INTERIOR_TABLE;
    }

    /** Where the b-tree header of page {@code pgno} starts: after the database header on page 1. */
    static int headerOffset(int pgno) {
        return pgno == 1 ? 100 : 0;
    }

    /** The children (and keys, on a table's) of {@code data} (page {@code pgno}), or null if it is not an interior page. */
    static @Nullable Interior interior(int pgno, byte[] data) {
        int header = headerOffset(pgno);
        if (data.length < header + 12) {
            return null;
        }
        int type = data[header] & 0xFF;
        if (type != INTERIOR_INDEX && type != INTERIOR_TABLE) {
            return null;
        }
        int cells = u16(data, header + 3);
        int[] children = new int[cells + 1];
        long[] keys = type == INTERIOR_TABLE ? new long[cells] : null;
        long[] key = new long[1];
        int found = 0;
        for (int i = 0; i < cells; i++) {
            int cell = cellOffset(data, header + 12, i);
            if (cell <= 0 || cell + 4 > data.length) {
                continue;
            }
            if (keys != null) {
                if (varint(data, cell + 4, key) < 0) {
                    continue;
                }
                keys[found] = key[0];
            }
            children[found++] = u32(data, cell);
        }
        children[found] = u32(data, header + 8);
        return new Interior(Arrays.copyOf(children, found + 1), keys == null ? null : Arrays.copyOf(keys, found));
    }

    /**
     * The entries of {@code data} (page {@code pgno}) if it is an index page: a leaf's, or the entries an
     * interior page keeps between its children (entry {@code i} comes after child {@code i} and before
     * child {@code i + 1}). Entries whose record does not lie whole on the page, or does not end in an
     * integer rowid, are left out (on an interior page, all are: their places would be lost).
     */
    static @Nullable IndexEntries indexEntries(int pgno, byte[] data) {
        int header = headerOffset(pgno);
        int type = data.length < header + 12 ? 0 : data[header] & 0xFF;
        if (type != LEAF_INDEX && type != INTERIOR_INDEX) {
            return null;
        }
        int pointers = header + (type == LEAF_INDEX ? 8 : 12);
        int childPointer = type == LEAF_INDEX ? 0 : 4;
        int cells = u16(data, header + 3);
        long maxLocal = (data.length - 12L) * 64 / 255 - 23;
        long[] rowids = new long[cells];
        int[] hashes = new int[cells];
        long[] varint = new long[1];
        int found = 0;
        for (int i = 0; i < cells; i++) {
            int cell = cellOffset(data, pointers, i);
            int payload = cell <= 0 ? -1 : varint(data, cell + childPointer, varint);
            if (payload >= 0 && varint[0] <= maxLocal && payload + varint[0] <= data.length
                    && indexEntry(data, payload, (int) varint[0], rowids, hashes, found)) {
                found++;
            } else if (type == INTERIOR_INDEX) {
                return new IndexEntries(new long[0], new int[0]);
            }
        }
        return new IndexEntries(Arrays.copyOf(rowids, found), Arrays.copyOf(hashes, found));
    }

    /**
     * Reads the index record of {@code size} bytes at {@code at} into {@code rowids[slot]} (its last
     * column) and {@code hashes[slot]} (the other columns' types and bytes); false if it is not such a record.
     */
    private static boolean indexEntry(byte[] data, int at, int size, long[] rowids, int[] hashes, int slot) {
        long[] varint = new long[1];
        int typesAt = varint(data, at, varint);
        long headerEnd = at + varint[0];
        if (typesAt < 0 || varint[0] < 2 || headerEnd > at + size) {
            return false;
        }
        int hash = 1;
        long body = headerEnd;
        long lastType = -1;
        long lastBody = -1;
        for (int next = typesAt; next < headerEnd; ) {
            next = varint(data, next, varint);
            if (next < 0 || next > headerEnd) {
                return false;
            }
            if (lastType >= 0) {
                hash = 31 * hash + Long.hashCode(lastType);
                for (long b = lastBody; b < body; b++) {
                    hash = 31 * hash + data[(int) b];
                }
            }
            lastType = varint[0];
            lastBody = body;
            body += contentSize(lastType);
        }
        if (body != at + size || lastType < 1 || lastType > 9 || lastType == 7) {
            return false;
        }
        rowids[slot] = lastType == 8 ? 0 : lastType == 9 ? 1 : signedInt(data, (int) lastBody, (int) contentSize(lastType));
        hashes[slot] = hash;
        return true;
    }

    private static long signedInt(byte[] data, int at, int size) {
        long value = data[at];
        for (int i = 1; i < size; i++) {
            value = (value << 8) | (data[at + i] & 0xFF);
        }
        return value;
    }

    private static int cellOffset(byte[] data, int pointerArray, int index) {
        int at = pointerArray + 2 * index;
        return at + 2 <= data.length ? u16(data, at) : -1;
    }

    /**
     * What page 1 ({@code data}) names: the root page of every table and index, and for each index the
     * root page of its table; none when page 1 is not a leaf of the schema table (a schema too large for
     * one page), as nothing can then be told.
     *
     * @param roots           root pages in the schema's order
     * @param tablesOfIndexes index root page to table root page
     */
    record Schema(int[] roots, Map<Integer, Integer> tablesOfIndexes) {

        static final Schema NONE = new Schema(new int[0], Map.of());
    }

    static Schema schema(byte[] data) {
        if (data.length < 112 || (data[100] & 0xFF) != LEAF_TABLE) {
            return Schema.NONE;
        }
        int cells = u16(data, 103);
        int[] roots = new int[cells];
        int found = 0;
        Map<String, Integer> tableRoots = new HashMap<>();
        List<SchemaRow> indexes = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            int cell = cellOffset(data, 108, i);
            SchemaRow row = cell > 0 ? schemaRow(data, cell) : null;
            if (row == null) {
                continue;
            }
            roots[found++] = row.root();
            if (row.type().equals("table")) {
                tableRoots.put(row.name(), row.root());
            } else if (row.type().equals("index")) {
                indexes.add(row);
            }
        }
        Map<Integer, Integer> tables = new HashMap<>();
        for (SchemaRow index : indexes) {
            Integer table = tableRoots.get(index.table());
            if (table != null) {
                tables.put(index.root(), table);
            }
        }
        return new Schema(Arrays.copyOf(roots, found), tables);
    }

    /** The type, name, tbl_name and rootpage columns of a sqlite_schema row. */
    private record SchemaRow(String type, String name, String table, int root) {
    }

    /** The sqlite_schema row stored whole in the cell at {@code cell}, or null. */
    private static @Nullable SchemaRow schemaRow(byte[] data, int cell) {
        long[] varint = new long[1];
        int at = varint(data, cell, varint);
        if (at < 0) {
            return null;
        }
        at = varint(data, at, varint);
        if (at < 0) {
            return null;
        }
        int recordStart = at;
        at = varint(data, at, varint);
        if (at < 0) {
            return null;
        }
        long headerEnd = recordStart + varint[0];
        long[] serialTypes = new long[4];
        for (int column = 0; column < 4; column++) {
            if (at >= headerEnd) {
                return null;
            }
            at = varint(data, at, varint);
            if (at < 0) {
                return null;
            }
            serialTypes[column] = varint[0];
        }
        String[] texts = new String[3];
        long body = headerEnd;
        for (int column = 0; column < 3; column++) {
            long size = contentSize(serialTypes[column]);
            if (serialTypes[column] < 13 || serialTypes[column] % 2 == 0 || body + size > data.length) {
                return null;
            }
            texts[column] = new String(data, (int) body, (int) size, StandardCharsets.UTF_8);
            body += size;
        }
        long size = contentSize(serialTypes[3]);
        if (size < 1 || size > 8 || body + size > data.length || serialTypes[3] > 6) {
            return null;
        }
        long value = signedInt(data, (int) body, (int) size);
        return value > 0 && value <= Integer.MAX_VALUE ? new SchemaRow(texts[0], texts[1], texts[2], (int) value) : null;
    }

    /** The bytes a record column of SQLite serial type {@code serialType} takes. */
    static long contentSize(long serialType) {
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
    static int varint(byte[] data, int at, long[] out) {
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

    static int u16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    static int u32(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
    }
}
