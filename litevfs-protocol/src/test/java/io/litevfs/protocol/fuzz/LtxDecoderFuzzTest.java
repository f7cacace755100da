package io.litevfs.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxException;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.LtxTrailer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the LTX decoder (Jazzer). Seeds: the reference library's files (copied from
 * {@code /ltx} at build time into this test's inputs directory). A plain test run replays the seeds; the
 * build's {@code fuzz-ltx-decoder} execution fuzzes for {@code litevfs.fuzz.duration}.
 *
 * <p>What must hold for any input: the decoder either refuses it with an {@link LtxException} (no other
 * exception, no hang, no huge allocation) or accepts it, and then what it decoded is a file in its own
 * right: encoding the same header and pages gives a file that decodes to the same thing, byte for byte
 * the same when the input was uncompressed with the reserved header bytes zero.
 */
class LtxDecoderFuzzTest {

    private static final int RESERVED_HEADER_BYTES_FROM = 80;

    record Decoded(LtxHeader header, List<Page> pages, LtxTrailer trailer) {
    }

    record Page(int pgno, byte[] data) {
    }

    @FuzzTest(maxDuration = "20s")
    void anyInputDecodesOrIsRefusedCleanly(byte[] input) throws IOException {
        Decoded decoded;
        try {
            decoded = decode(new ByteArrayInputStream(input));
        } catch (LtxException refused) {
            return;
        }
        byte[] reencoded = encode(decoded);
        Decoded again = decode(new ByteArrayInputStream(reencoded));
        assertThat(again.header()).isEqualTo(decoded.header());
        assertThat(again.trailer().postApplyChecksum()).isEqualTo(decoded.trailer().postApplyChecksum());
        assertThat(again.pages()).hasSameSizeAs(decoded.pages());
        for (int i = 0; i < decoded.pages().size(); i++) {
            assertThat(again.pages().get(i).pgno()).isEqualTo(decoded.pages().get(i).pgno());
            assertThat(again.pages().get(i).data()).isEqualTo(decoded.pages().get(i).data());
        }
        if (!decoded.header().isCompressed() && reservedBytesAreZero(input)) {
            assertThat(reencoded).isEqualTo(input);
        }
    }

    private static Decoded decode(InputStream in) throws IOException {
        LtxDecoder decoder = new LtxDecoder(in);
        List<Page> pages = new ArrayList<>();
        byte[] data = new byte[decoder.header().pageSize()];
        for (int pgno; (pgno = decoder.readPage(data)) != 0; ) {
            pages.add(new Page(pgno, data.clone()));
        }
        return new Decoded(decoder.header(), pages, decoder.finish());
    }

    private static byte[] encode(Decoded decoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = new LtxEncoder(out, decoded.header());
        for (Page page : decoded.pages()) {
            encoder.writePage(page.pgno(), page.data());
        }
        encoder.finish(decoded.trailer().postApplyChecksum());
        return out.toByteArray();
    }

    private static boolean reservedBytesAreZero(byte[] input) {
        byte[] reserved = Arrays.copyOfRange(input, RESERVED_HEADER_BYTES_FROM, LtxHeader.SIZE);
        return Arrays.equals(reserved, new byte[reserved.length]);
    }
}
