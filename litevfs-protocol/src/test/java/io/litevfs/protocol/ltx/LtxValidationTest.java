package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import static io.litevfs.protocol.ltx.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each rule of the spec's section 1.7, broken on its own, gives its own error. */
class LtxValidationTest {

    private static final long TIMESTAMP = 1700000000000L;

    @ParameterizedTest
    @ValueSource(strings = {"v3-snapshot.ltx", "v3-incr.ltx", "v3-nochecksum.ltx", "v3-compacted-1-2.ltx"})
    void laterFormatVersionsAreReportedAsUnsupported(String file) {
        assertThatExceptionOfType(LtxException.class)
                .isThrownBy(() -> LtxDecoder.verify(new ByteArrayInputStream(Fixtures.bytes(file))))
                .satisfies(e -> assertThat(e.error()).isEqualTo(LtxError.UNSUPPORTED_VERSION))
                .withMessageContaining("only LTX v1");
    }

    @Test
    void headerRulesEachHaveTheirOwnError() {
        assertHeaderError(header(0x4, 512, 1, 1, 1, 0), LtxError.BAD_FLAGS);
        assertHeaderError(header(0, 1000, 1, 1, 1, 0), LtxError.BAD_PAGE_SIZE);
        assertHeaderError(header(0, 512, 1, 0, 1, 0), LtxError.BAD_TXID_RANGE);
        assertHeaderError(header(0, 512, 1, 3, 2, Checksum.FLAG | 1), LtxError.BAD_TXID_RANGE);
        assertHeaderError(header(0, 512, 1, 1, 1, Checksum.FLAG | 1), LtxError.BAD_PRE_APPLY_CHECKSUM);
        assertHeaderError(header(0, 512, 1, 2, 2, 0), LtxError.BAD_PRE_APPLY_CHECKSUM);
        assertHeaderError(header(0, 512, 1, 2, 2, 5), LtxError.BAD_PRE_APPLY_CHECKSUM);
        assertHeaderError(new LtxHeader(0, 512, 1, TxId.of(1), TxId.of(1), TIMESTAMP, Checksum.ZERO,
                0, 100, 0, 0, 0), LtxError.BAD_WAL_FIELDS);
        assertHeaderError(new LtxHeader(0, 512, 1, TxId.of(1), TxId.of(1), TIMESTAMP, Checksum.ZERO,
                0, 0, 7, 0, 0), LtxError.BAD_WAL_FIELDS);
    }

    @Test
    void notAnLtxFileIsRefusedByItsMagic() {
        byte[] bytes = Fixtures.bytes("v1-snapshot-plain.ltx");
        bytes[0] = 'X';
        assertDecodeError(bytes, LtxError.BAD_MAGIC);
    }

    @Test
    void truncatedFilesAreReportedAsTruncated() {
        byte[] bytes = Fixtures.bytes("v1-incr-plain.ltx");
        for (int length : new int[] {0, 50, 100, 103, 300, bytes.length - 1}) {
            assertDecodeError(java.util.Arrays.copyOf(bytes, length), LtxError.TRUNCATED);
        }
    }

    @Test
    void dataAfterTheTrailerIsRefused() {
        byte[] bytes = Fixtures.bytes("v1-incr-lz4.ltx");
        assertDecodeError(java.util.Arrays.copyOf(bytes, bytes.length + 1), LtxError.TRAILING_DATA);
    }

    @Test
    void pageRulesAreEnforcedWhenEncoding() throws IOException {
        LtxEncoder incremental = encoder(header(0, 512, 4, 2, 2, Checksum.FLAG | 1));
        assertEncodeError(() -> incremental.writePage(5, page(1)), LtxError.BAD_PAGE_NUMBER);
        assertEncodeError(() -> incremental.writePage(0, page(1)), LtxError.BAD_PAGE_NUMBER);
        incremental.writePage(3, page(1));
        assertEncodeError(() -> incremental.writePage(2, page(1)), LtxError.PAGES_OUT_OF_ORDER);
        assertEncodeError(() -> incremental.writePage(4, new byte[100]), LtxError.BAD_PAGE_LENGTH);

        LtxEncoder snapshot = encoder(header(0, 512, 3, 1, 1, 0));
        snapshot.writePage(1, page(1));
        assertEncodeError(() -> snapshot.writePage(3, page(3)), LtxError.SNAPSHOT_INCOMPLETE);
        assertEncodeError(() -> snapshot.finish(Checksum.of(Checksum.FLAG | 1)), LtxError.SNAPSHOT_INCOMPLETE);
    }

    @Test
    void theLockPageIsNeverEncoded() throws IOException {
        int lockPage = io.litevfs.protocol.Pages.lockPage(65536);
        LtxEncoder encoder = encoder(header(0, 65536, lockPage + 1, 2, 2, Checksum.FLAG | 1));
        assertEncodeError(() -> encoder.writePage(lockPage, new byte[65536]), LtxError.BAD_PAGE_NUMBER);
    }

    @Test
    void aSnapshotWithTheWrongPostApplyChecksumIsRefused() throws IOException {
        LtxEncoder snapshot = encoder(header(0, 512, 1, 1, 1, 0));
        snapshot.writePage(1, page(1));
        assertEncodeError(() -> snapshot.finish(Checksum.of(Checksum.FLAG | 1)), LtxError.BAD_POST_APPLY_CHECKSUM);
    }

    @Test
    void aDeletionFileMustEndAtTheEmptyChecksum() throws IOException {
        LtxEncoder deletion = encoder(header(0, 512, 0, 5, 5, Checksum.FLAG | 1));
        assertEncodeError(() -> deletion.finish(Checksum.of(Checksum.FLAG | 1)), LtxError.BAD_POST_APPLY_CHECKSUM);
        assertThat(encoder(header(0, 512, 0, 5, 5, Checksum.FLAG | 1)).finish(Checksum.EMPTY_DATABASE)
                .postApplyChecksum()).isEqualTo(Checksum.EMPTY_DATABASE);
    }

    @Test
    void aDamagedPageIsCaughtByTheFileChecksum() {
        byte[] bytes = Fixtures.bytes("v1-incr-plain.ltx");
        bytes[LtxHeader.SIZE + 4 + 10] ^= 1;
        assertDecodeError(bytes, LtxError.BAD_FILE_CHECKSUM);
    }

    @Test
    void aPageOutOfRangeInAStoredFileIsRefusedBeforeItsChecksum() {
        byte[] bytes = Fixtures.bytes("v1-incr-plain.ltx");
        ByteBuffer.wrap(bytes).putInt(LtxHeader.SIZE, 9);
        assertDecodeError(bytes, LtxError.BAD_PAGE_NUMBER);
    }

    @Test
    void encodedFilesWithoutChecksumsDecode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = new LtxEncoder(out, header(LtxHeader.FLAG_NO_CHECKSUM, 512, 2, 2, 2, 0));
        encoder.writePage(2, page(3));
        encoder.finish(Checksum.ZERO);
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(out.toByteArray()));
        assertThat(summary.trailer().postApplyChecksum()).isEqualTo(Checksum.ZERO);
        assertThat(summary.pageCount()).isEqualTo(1);
    }

    private static LtxHeader header(int flags, int pageSize, int commit, long min, long max, long pre) {
        return LtxHeader.of(flags, pageSize, commit, TxId.of(min), TxId.of(max), TIMESTAMP, Checksum.of(pre));
    }

    private static LtxEncoder encoder(LtxHeader header) throws IOException {
        return new LtxEncoder(new ByteArrayOutputStream(), header);
    }

    private static void assertHeaderError(LtxHeader header, LtxError expected) {
        assertEncodeError(() -> encoder(header), expected);
        byte[] bytes = Fixtures.bytes("v1-snapshot-plain.ltx");
        System.arraycopy(header.toBytes(), 0, bytes, 0, LtxHeader.SIZE);
        assertDecodeError(bytes, expected);
    }

    private static void assertEncodeError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                          LtxError expected) {
        assertThatExceptionOfType(LtxException.class).isThrownBy(call)
                .satisfies(e -> assertThat(e.error()).isEqualTo(expected));
    }

    private static void assertDecodeError(byte[] bytes, LtxError expected) {
        assertEncodeError(() -> LtxDecoder.verify(new ByteArrayInputStream(bytes)), expected);
    }
}
