package io.litevfs.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Page rules shared by SQLite and LTX: valid page sizes, the size page 1 declares, and the lock page.
 */
public final class Pages {

    /** The byte offset of SQLite's PENDING_BYTE; the page that holds it is never stored. */
    private static final long PENDING_BYTE = 0x40000000L;

    public static final int MIN_PAGE_SIZE = 512;
    public static final int MAX_PAGE_SIZE = 65536;
    /** The most page numbers one {@code GET /db/page} may name; the store refuses more ({@code EINVALIDPGNO}). */
    public static final int MAX_PAGES_PER_REQUEST = 1024;
    /** The page data one {@code GET /db/page} answer may hold by default ({@code litevfs.server.limits.max-page-answer-size}). */
    public static final long DEFAULT_MAX_PAGE_ANSWER_BYTES = 16L << 20;

    /** The bytes every SQLite database file starts with. */
    public static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** The length of the database header at the start of page 1. */
    public static final int SQLITE_HEADER_SIZE = 100;

    private Pages() {
    }

    /** Whether {@code pageSize} is a power of two from 512 to 65536. */
    public static boolean isValidPageSize(int pageSize) {
        return pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE && Integer.bitCount(pageSize) == 1;
    }

    /**
     * The page size a SQLite database header (its first 100 bytes, or more) gives: the big-endian 16-bit
     * value at offset 16, where 1 means 65536. Not checked: see {@link #isValidPageSize}.
     */
    public static int pageSizeOf(byte[] header) {
        int raw = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        return raw == 1 ? MAX_PAGE_SIZE : raw;
    }

    /**
     * The page size page 1 declares when it is a SQLite database header ({@link #SQLITE_MAGIC}), else 0.
     * A database's pages must all be that size: an upload or a commit whose page 1 declares another (what
     * {@code PRAGMA page_size} followed by {@code VACUUM} writes) would be cut into pages of the wrong size.
     */
    public static int declaredPageSize(byte[] firstPage) {
        if (firstPage.length < SQLITE_HEADER_SIZE || !Arrays.equals(firstPage, 0, SQLITE_MAGIC.length,
                SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            return 0;
        }
        return pageSizeOf(firstPage);
    }

    /**
     * The most pages one request should name at {@code pageSize} to stay within both of a default store's
     * limits: 1024 pages, and 16 MiB of page data (256 pages of 64 KiB).
     */
    public static int maxPagesPerRequest(int pageSize) {
        return (int) Math.min(MAX_PAGES_PER_REQUEST, DEFAULT_MAX_PAGE_ANSWER_BYTES / pageSize);
    }

    /**
     * The page holding SQLite's PENDING_BYTE (1 GiB): never written by SQLite, never encoded in LTX and
     * never part of a database checksum. 262145 for 4096-byte pages.
     */
    public static int lockPage(int pageSize) {
        return (int) (PENDING_BYTE / pageSize + 1);
    }
}
