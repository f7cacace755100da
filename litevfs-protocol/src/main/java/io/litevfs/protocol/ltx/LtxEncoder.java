package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one LTX v1 file to a stream, page by page, holding no more than one LZ4 block in memory.
 * The header is validated before anything is written; each page is checked against the
 * {@linkplain PageSequence page rules} as it comes; {@link #finish} writes the trailer and returns it.
 * For a snapshot the encoder computes the database checksum itself and refuses a post-apply checksum
 * that disagrees, so a snapshot it writes is always self-consistent. The stream is flushed, not closed.
 */
public final class LtxEncoder {

    private static final byte[] PAGE_BLOCK_END = new byte[4];

    private final OutputStream out;
    private final OutputStream pageOut;
    private final LtxHeader header;
    private final PageSequence pages;
    private final Crc64 fileChecksum = new Crc64();
    private final DatabaseChecksum snapshotChecksum = new DatabaseChecksum();
    private final byte[] frameHeader = new byte[4];
    private boolean finished;

    public LtxEncoder(OutputStream out, LtxHeader header) throws IOException {
        header.validate();
        this.out = out;
        this.header = header;
        this.pages = new PageSequence(header);
        byte[] headerBytes = header.toBytes();
        out.write(headerBytes);
        fileChecksum.update(headerBytes);
        this.pageOut = header.isCompressed() ? new Lz4FrameOutputStream(out) : out;
    }

    public LtxHeader header() {
        return header;
    }

    /** Writes page {@code pgno}, whose {@code pageSize} bytes start at {@code offset} of {@code data}. */
    public void writePage(int pgno, byte[] data, int offset) throws IOException {
        if (finished) {
            throw new LtxException(LtxError.BAD_STATE, "LTX encoder already finished");
        }
        if (data.length - offset < header.pageSize()) {
            throw new LtxException(LtxError.BAD_PAGE_LENGTH, "LTX page %d has %d bytes, the page size is %d"
                    .formatted(pgno, data.length - offset, header.pageSize()));
        }
        pages.accept(pgno);
        frameHeader[0] = (byte) (pgno >>> 24);
        frameHeader[1] = (byte) (pgno >>> 16);
        frameHeader[2] = (byte) (pgno >>> 8);
        frameHeader[3] = (byte) pgno;
        pageOut.write(frameHeader);
        pageOut.write(data, offset, header.pageSize());
        fileChecksum.update(frameHeader).update(data, offset, header.pageSize());
        if (header.isSnapshot()) {
            snapshotChecksum.add(PageChecksum.of(pgno, data, offset, header.pageSize()));
        }
    }

    public void writePage(int pgno, byte[] data) throws IOException {
        if (data.length != header.pageSize()) {
            throw new LtxException(LtxError.BAD_PAGE_LENGTH, "LTX page %d has %d bytes, the page size is %d"
                    .formatted(pgno, data.length, header.pageSize()));
        }
        writePage(pgno, data, 0);
    }

    /**
     * Ends the page block and writes the trailer.
     *
     * @param postApplyChecksum the database checksum after this file is applied (zero for a file written
     *                          with {@link LtxHeader#FLAG_NO_CHECKSUM})
     * @return the trailer written, with the file checksum
     */
    public LtxTrailer finish(Checksum postApplyChecksum) throws IOException {
        if (finished) {
            throw new LtxException(LtxError.BAD_STATE, "LTX encoder already finished");
        }
        pages.finish();
        LtxRules.checkPostApply(header, postApplyChecksum, header.isSnapshot() ? snapshotChecksum.value() : null);
        pageOut.write(PAGE_BLOCK_END);
        if (pageOut instanceof Lz4FrameOutputStream lz4) {
            lz4.finish();
        }
        fileChecksum.update(PAGE_BLOCK_END).updateLong(postApplyChecksum.value());
        LtxTrailer trailer = new LtxTrailer(postApplyChecksum, Checksum.of(Checksum.FLAG | fileChecksum.value()));
        byte[] trailerBytes = new byte[LtxTrailer.SIZE];
        java.nio.ByteBuffer.wrap(trailerBytes)
                .putLong(trailer.postApplyChecksum().value())
                .putLong(trailer.fileChecksum().value());
        out.write(trailerBytes);
        out.flush();
        finished = true;
        return trailer;
    }

    /** How many pages were written. */
    public int pageCount() {
        return pages.count();
    }
}
