package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.litevfs.protocol.ltx.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every v1 file written by the reference Go library decodes to the values its generator recorded,
 * verifies, and re-encodes to the same content and checksums (byte for byte when uncompressed).
 */
class LtxFixtureTest {

    record Expected(String file, int flags, int commit, long min, long max, long timestamp, long preApply,
                    long postApply, long fileChecksum, Map<Integer, byte[]> pages) {
    }

    static Stream<Expected> v1Fixtures() {
        Map<Integer, byte[]> snapshot = pages(1, page(0x10), 2, page(0x20), 3, page(0x30));
        Map<Integer, byte[]> incremental = pages(2, page(0x40), 4, page(0x50));
        Map<Integer, byte[]> shrink = pages(1, page(0x60));
        Map<Integer, byte[]> compacted = pages(1, page(0x60), 2, page(0x40));
        return Stream.of(
                new Expected("v1-snapshot-plain.ltx", 0, 3, 1, 1, 1700000000000L, 0,
                        0xe9a99638f9eddcadL, 0xfaa7a61a3966ef3aL, snapshot),
                new Expected("v1-snapshot-lz4.ltx", 1, 3, 1, 1, 1700000000000L, 0,
                        0xe9a99638f9eddcadL, 0x81eef24367d99315L, snapshot),
                new Expected("v1-incr-plain.ltx", 0, 4, 2, 2, 1700000001000L, 0xe9a99638f9eddcadL,
                        0x8ec61df333333333L, 0xfa413c2b69a4fabbL, incremental),
                new Expected("v1-incr-lz4.ltx", 1, 4, 2, 2, 1700000001000L, 0xe9a99638f9eddcadL,
                        0x8ec61df333333333L, 0x8f5aa58802153c7aL, incremental),
                new Expected("v1-incr3-shrink-plain.ltx", 0, 2, 3, 3, 1700000002000L, 0x8ec61df333333333L,
                        0x9a79c10dddddddddL, 0xe558bf75122b0370L, shrink),
                new Expected("v1-incr3-shrink-lz4.ltx", 1, 2, 3, 3, 1700000002000L, 0x8ec61df333333333L,
                        0x9a79c10dddddddddL, 0xae3509f713d77a62L, shrink),
                new Expected("v1-compacted-1-3-plain.ltx", 0, 2, 1, 3, 1700000002000L, 0,
                        0x9a79c10dddddddddL, 0xcd5d9061e309c13aL, compacted),
                new Expected("v1-compacted-1-3-lz4.ltx", 1, 2, 1, 3, 1700000002000L, 0,
                        0x9a79c10dddddddddL, 0xb84609c288b807fbL, compacted),
                new Expected("v1-compacted-2-3-plain.ltx", 0, 2, 2, 3, 1700000002000L, 0xe9a99638f9eddcadL,
                        0x9a79c10dddddddddL, 0x9caf8c4fcc22ac1fL, compacted),
                new Expected("v1-compacted-2-3-lz4.ltx", 1, 2, 2, 3, 1700000002000L, 0xe9a99638f9eddcadL,
                        0x9a79c10dddddddddL, 0xe9b415eca7936adeL, compacted),
                new Expected("v1-delete-commit0-plain.ltx", 0, 0, 4, 4, 1700000003000L, 0x8000000000000005L,
                        0x8000000000000000L, 0xa2a206cb7a7ece9eL, Map.of()));
    }

    @ParameterizedTest
    @MethodSource("v1Fixtures")
    void decodesToTheRecordedHeaderPagesAndChecksums(Expected expected) throws IOException {
        LtxDecoder decoder = new LtxDecoder(new ByteArrayInputStream(Fixtures.bytes(expected.file())));
        LtxHeader header = decoder.header();
        assertThat(header.flags()).isEqualTo(expected.flags());
        assertThat(header.pageSize()).isEqualTo(Fixtures.PAGE_SIZE);
        assertThat(header.commit()).isEqualTo(expected.commit());
        assertThat(header.minTxId()).isEqualTo(TxId.of(expected.min()));
        assertThat(header.maxTxId()).isEqualTo(TxId.of(expected.max()));
        assertThat(header.timestamp()).isEqualTo(expected.timestamp());
        assertThat(header.preApplyChecksum()).isEqualTo(Checksum.of(expected.preApply()));

        Map<Integer, byte[]> pages = new LinkedHashMap<>();
        byte[] data = new byte[header.pageSize()];
        for (int pgno; (pgno = decoder.readPage(data)) != 0; ) {
            pages.put(pgno, data.clone());
        }
        LtxTrailer trailer = decoder.finish();

        assertThat(pages).containsOnlyKeys(expected.pages().keySet());
        expected.pages().forEach((pgno, content) -> assertThat(pages.get(pgno)).as("page %d", pgno).isEqualTo(content));
        assertThat(trailer.postApplyChecksum()).isEqualTo(Checksum.of(expected.postApply()));
        assertThat(trailer.fileChecksum()).isEqualTo(Checksum.of(expected.fileChecksum()));
    }

    @Test
    void readsTheOptionalHeaderFields() throws IOException {
        LtxHeader incremental = LtxDecoder.verify(new ByteArrayInputStream(Fixtures.bytes("v1-incr-plain.ltx"))).header();
        assertThat(incremental.nodeId()).isEqualTo(0x1122334455667788L);
        LtxHeader shrink = LtxDecoder.verify(new ByteArrayInputStream(Fixtures.bytes("v1-incr3-shrink-lz4.ltx"))).header();
        assertThat(shrink.walOffset()).isEqualTo(32);
        assertThat(shrink.walSize()).isEqualTo(1056);
        assertThat(shrink.walSalt1()).isEqualTo(0xdeadbeef);
        assertThat(shrink.walSalt2()).isEqualTo(0x01020304);
    }

    @ParameterizedTest
    @MethodSource("v1Fixtures")
    void reencodingReproducesContentAndChecksums(Expected expected) throws IOException {
        byte[] original = Fixtures.bytes(expected.file());
        byte[] reencoded = reencode(original);
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(reencoded));
        assertThat(summary.trailer().fileChecksum()).isEqualTo(Checksum.of(expected.fileChecksum()));
        assertThat(summary.trailer().postApplyChecksum()).isEqualTo(Checksum.of(expected.postApply()));
        if ((expected.flags() & LtxHeader.FLAG_COMPRESS_LZ4) == 0) {
            assertThat(reencoded).isEqualTo(original);
        } else {
            assertThat(decodedPages(reencoded)).containsExactlyElementsOf(decodedPages(original));
        }
    }

    @Test
    void decodesARealLiteFsFile() throws IOException {
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(
                Fixtures.bytes("litefs-testdata-000000000000000d-000000000000000d.ltx")));
        assertThat(summary.header().pageSize()).isEqualTo(4096);
        assertThat(summary.header().commit()).isEqualTo(10);
        assertThat(summary.header().minTxId()).isEqualTo(TxId.of(0xd));
        assertThat(summary.header().preApplyChecksum()).isEqualTo(Checksum.of(0x9c74a15b4e4f246cL));
        assertThat(summary.trailer().postApplyChecksum()).isEqualTo(Checksum.of(0xfe3831a381c602b9L));
        assertThat(summary.trailer().fileChecksum()).isEqualTo(Checksum.of(0x9496a29358326fb5L));
        assertThat(summary.pageCount()).isEqualTo(3);
    }

    @Test
    void theRealLiteFsDatabaseSumsToThePostApplyChecksum() {
        byte[] database = Fixtures.bytes("litefs-testdata-database.db");
        DatabaseChecksum checksum = new DatabaseChecksum();
        for (int pgno = 1; pgno * 4096 <= database.length; pgno++) {
            checksum.add(PageChecksum.of(pgno, database, (pgno - 1) * 4096, 4096));
        }
        assertThat(checksum.value()).isEqualTo(Checksum.of(0xfe3831a381c602b9L));
    }

    @ParameterizedTest
    @MethodSource("v1FileNames")
    void everySingleByteFlipIsRejected(String file) {
        byte[] original = Fixtures.bytes(file);
        for (int position = 0; position < original.length; position++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] damaged = original.clone();
                damaged[position] ^= (byte) mask;
                int at = position;
                assertThatExceptionOfType(LtxException.class)
                        .as("%s with byte %d flipped by 0x%02x", file, at, mask)
                        .isThrownBy(() -> LtxDecoder.verify(new ByteArrayInputStream(damaged)));
            }
        }
    }

    static Stream<String> v1FileNames() {
        return Stream.concat(v1Fixtures().map(Expected::file),
                Stream.of("litefs-testdata-000000000000000d-000000000000000d.ltx"));
    }

    private static byte[] reencode(byte[] original) throws IOException {
        LtxDecoder decoder = new LtxDecoder(new ByteArrayInputStream(original));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = new LtxEncoder(out, decoder.header());
        byte[] data = new byte[decoder.header().pageSize()];
        for (int pgno; (pgno = decoder.readPage(data)) != 0; ) {
            encoder.writePage(pgno, data);
        }
        encoder.finish(decoder.finish().postApplyChecksum());
        return out.toByteArray();
    }

    private static List<String> decodedPages(byte[] file) throws IOException {
        LtxDecoder decoder = new LtxDecoder(new ByteArrayInputStream(file));
        List<String> pages = new java.util.ArrayList<>();
        byte[] data = new byte[decoder.header().pageSize()];
        for (int pgno; (pgno = decoder.readPage(data)) != 0; ) {
            pages.add(pgno + ":" + java.util.HexFormat.of().formatHex(data));
        }
        decoder.finish();
        return pages;
    }

    private static Map<Integer, byte[]> pages(Object... pgnoAndData) {
        Map<Integer, byte[]> pages = new LinkedHashMap<>();
        for (int i = 0; i < pgnoAndData.length; i += 2) {
            pages.put((Integer) pgnoAndData[i], (byte[]) pgnoAndData[i + 1]);
        }
        return pages;
    }
}
