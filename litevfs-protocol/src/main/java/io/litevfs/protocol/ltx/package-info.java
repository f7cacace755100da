/**
 * The LTX v1 file format as LiteFS and LiteFS Cloud write it: header, page frames (plain or in one LZ4
 * frame), trailer, and the CRC-64 based page, database and file checksums. Encoding and decoding both
 * stream, so a file of any size passes through a fixed amount of memory.
 */
@NullMarked
package io.litevfs.protocol.ltx;

import org.jspecify.annotations.NullMarked;
