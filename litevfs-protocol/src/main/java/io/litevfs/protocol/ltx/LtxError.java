package io.litevfs.protocol.ltx;

/**
 * Why an LTX file was refused. Each reason is distinct so that a caller (the store answering an upload,
 * a test) can tell a damaged file from a malformed one from one of another format version.
 */
public enum LtxError {
    /** The file ended before its trailer. */
    TRUNCATED,
    /** The first four bytes are not {@code LTX1}. */
    BAD_MAGIC,
    /** A later LTX format version (v2 or v3, compressed per page), which LiteFS Cloud never spoke. */
    UNSUPPORTED_VERSION,
    /** A header flag outside the known ones. */
    BAD_FLAGS,
    /** The page size is not a power of two from 512 to 65536. */
    BAD_PAGE_SIZE,
    /** The TXID range is empty, inverted or starts at 0. */
    BAD_TXID_RANGE,
    /** The WAL offset, size and salts contradict each other or are negative. */
    BAD_WAL_FIELDS,
    /** A snapshot with a pre-apply checksum, or an incremental file without a valid one. */
    BAD_PRE_APPLY_CHECKSUM,
    /** The trailer's post-apply checksum is missing, unflagged, or (snapshot, deletion) not what the pages give. */
    BAD_POST_APPLY_CHECKSUM,
    /** The file checksum does not match the content: the file is damaged. */
    BAD_FILE_CHECKSUM,
    /** A page number of 0, beyond the commit size, or the lock page. */
    BAD_PAGE_NUMBER,
    /** Pages not in strictly ascending order. */
    PAGES_OUT_OF_ORDER,
    /** A snapshot that does not hold every page from 1 to its commit size. */
    SNAPSHOT_INCOMPLETE,
    /** A page whose length is not the header's page size. */
    BAD_PAGE_LENGTH,
    /** The LZ4 frame holding the pages is damaged or of a kind not supported. */
    BAD_COMPRESSION,
    /** Bytes after the trailer, or after the page block inside the LZ4 frame. */
    TRAILING_DATA,
    /** The encoder was used out of order (a page after finishing, finishing twice). */
    BAD_STATE
}
