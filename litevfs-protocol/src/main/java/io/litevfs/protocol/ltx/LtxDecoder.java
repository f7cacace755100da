package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one LTX v1 file from a stream, page by page, and verifies it completely: header rules, page
 * rules, the LZ4 frame, the file checksum, the trailer rules, a snapshot's database checksum, and that
 * nothing follows the trailer. Nothing is trusted before {@link #finish()} returns: a caller that stores
 * pages as they come must be ready to throw them away.
 *
 * <p>Files of the later formats (v2, v3: compressed page by page) share the magic number; they are
 * recognised when v1 decoding fails and reported as {@link LtxError#UNSUPPORTED_VERSION}.
 */
public final class LtxDecoder {

    private static final int FRAME_SIGNATURE_LENGTH = 10;

    private final InputStream in;
    private final InputStream pageIn;
    private final LtxHeader header;
    private final PageSequence pages;
    private final Crc64 fileChecksum = new Crc64();
    private final DatabaseChecksum snapshotChecksum = new DatabaseChecksum();
    private final byte[] frameHeader = new byte[4];
    private byte @Nullable [] firstFrameSignature;
    private boolean pagesEnded;
    private @Nullable LtxTrailer trailer;

    /** Reads and validates the header. */
    public LtxDecoder(InputStream in) throws IOException {
        this.in = in;
        byte[] headerBytes = new byte[LtxHeader.SIZE];
        if (in.readNBytes(headerBytes, 0, LtxHeader.SIZE) != LtxHeader.SIZE) {
            throw new LtxException(LtxError.TRUNCATED, "the LTX file ends inside its 100-byte header");
        }
        this.header = LtxHeader.fromBytes(headerBytes);
        header.validate();
        fileChecksum.update(headerBytes);
        this.pages = new PageSequence(header);
        this.pageIn = header.isCompressed() ? new Lz4FrameInputStream(in) : in;
    }

    public LtxHeader header() {
        return header;
    }

    /**
     * Reads the next page into {@code data} (at least a page long).
     *
     * @return the page number, or 0 at the end of the page block
     */
    public int readPage(byte[] data) throws IOException {
        if (pagesEnded) {
            return 0;
        }
        try {
            return readFrame(data);
        } catch (LtxException e) {
            throw asUnsupportedVersionIfSo(e);
        }
    }

    /**
     * Reads whatever pages are left, then the trailer, and verifies the whole file.
     *
     * @return the trailer
     */
    public LtxTrailer finish() throws IOException {
        if (trailer != null) {
            return trailer;
        }
        try {
            byte[] scratch = new byte[header.pageSize()];
            while (readPage(scratch) != 0) {
                // Drains pages the caller did not read, so that they are verified too.
            }
            trailer = readTrailer();
            return trailer;
        } catch (LtxException e) {
            throw asUnsupportedVersionIfSo(e);
        }
    }

    /** How many pages have been read. */
    public int pageCount() {
        return pages.count();
    }

    /** Decodes and verifies a whole file, keeping none of its pages. */
    public static LtxFileSummary verify(InputStream in) throws IOException {
        LtxDecoder decoder = new LtxDecoder(in);
        LtxTrailer trailer = decoder.finish();
        return new LtxFileSummary(decoder.header(), trailer, decoder.pageCount());
    }

    private int readFrame(byte[] data) throws IOException {
        readFully(pageIn, frameHeader, 4, "page number");
        int pgno = ByteBuffer.wrap(frameHeader).getInt();
        fileChecksum.update(frameHeader);
        if (pgno == 0) {
            pagesEnded = true;
            pages.finish();
            return 0;
        }
        int read = pageIn.readNBytes(data, 0, header.pageSize());
        if (firstFrameSignature == null) {
            firstFrameSignature = new byte[FRAME_SIGNATURE_LENGTH];
            System.arraycopy(frameHeader, 0, firstFrameSignature, 0, 4);
            System.arraycopy(data, 0, firstFrameSignature, 4, Math.min(read, FRAME_SIGNATURE_LENGTH - 4));
        }
        if (read != header.pageSize()) {
            throw new LtxException(LtxError.TRUNCATED,
                    "the LTX file ends inside page " + Integer.toUnsignedString(pgno));
        }
        pages.accept(pgno);
        fileChecksum.update(data, 0, header.pageSize());
        if (header.isSnapshot()) {
            snapshotChecksum.add(PageChecksum.of(pgno, data, 0, header.pageSize()));
        }
        return pgno;
    }

    private LtxTrailer readTrailer() throws IOException {
        if (pageIn != in && pageIn.read() >= 0) {
            throw new LtxException(LtxError.TRAILING_DATA, "the LZ4 frame holds data after the end of the page block");
        }
        byte[] trailerBytes = new byte[LtxTrailer.SIZE];
        readFully(in, trailerBytes, LtxTrailer.SIZE, "trailer");
        ByteBuffer buffer = ByteBuffer.wrap(trailerBytes);
        Checksum postApply = Checksum.of(buffer.getLong());
        Checksum fileSum = Checksum.of(buffer.getLong());
        fileChecksum.updateLong(postApply.value());
        Checksum computed = Checksum.of(Checksum.FLAG | fileChecksum.value());
        if (!computed.equals(fileSum)) {
            throw new LtxException(LtxError.BAD_FILE_CHECKSUM,
                    "LTX file checksum mismatch: the file says %s, its content gives %s (the file is damaged)"
                            .formatted(fileSum, computed));
        }
        LtxRules.checkPostApply(header, postApply, header.isSnapshot() ? snapshotChecksum.value() : null);
        if (in.read() >= 0) {
            throw new LtxException(LtxError.TRAILING_DATA, "the LTX file has data after its trailer");
        }
        return new LtxTrailer(postApply, fileSum);
    }

    private static void readFully(InputStream stream, byte[] target, int length, String what) throws IOException {
        if (stream.readNBytes(target, 0, length) != length) {
            throw new LtxException(LtxError.TRUNCATED, "the LTX file ends inside its " + what);
        }
    }

    /**
     * v2 frames are a page number and an LZ4 frame magic; v3 frames a page number, 16-bit flags (0, or 1
     * followed by a block size) and the compressed data. A v1 file that fails to decode is reported as
     * one of those when its first frame has their shape.
     */
    private LtxException asUnsupportedVersionIfSo(LtxException failure) {
        byte[] signature = firstFrameSignature;
        if (signature == null || header.isCompressed()) {
            return failure;
        }
        byte[] lz4Magic = {0x04, 0x22, 0x4D, 0x18};
        ByteBuffer frame = ByteBuffer.wrap(signature);
        boolean v2 = Arrays.equals(signature, 4, 8, lz4Magic, 0, 4);
        boolean v3Early = frame.getShort(4) == 0 && Arrays.equals(signature, 6, 10, lz4Magic, 0, 4);
        int size = frame.getInt(6);
        boolean v3 = frame.getShort(4) == 1 && size > 0 && size <= header.pageSize() + header.pageSize() / 255 + 16;
        if (v2 || v3Early || v3) {
            return new LtxException(LtxError.UNSUPPORTED_VERSION,
                    "this is an LTX file of a later format version (v%d, compressed page by page); "
                            + "only LTX v1, the format LiteFS Cloud used, is supported".formatted(v2 ? 2 : 3),
                    failure);
        }
        return failure;
    }
}
