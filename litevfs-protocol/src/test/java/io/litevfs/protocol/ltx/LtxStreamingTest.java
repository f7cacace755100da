package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB snapshot streams from encoder to decoder through a pipe. This module's tests run with a
 * 128 MiB heap (see its pom), so holding the file in memory on either side would fail the test.
 */
class LtxStreamingTest {

    private static final int PAGE_SIZE = 4096;
    private static final int PAGES = (int) ((1L << 30) / PAGE_SIZE) + 1;

    @ParameterizedTest
    @ValueSource(ints = {0, LtxHeader.FLAG_COMPRESS_LZ4})
    void aOneGibibyteFileStreamsThroughBoundedMemory(int flags) throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(256L << 20);
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in);
        LtxHeader header = LtxHeader.of(flags, PAGE_SIZE, PAGES, TxId.of(1), TxId.of(1), 0, Checksum.ZERO);

        CompletableFuture<Checksum> written = CompletableFuture.supplyAsync(() -> {
            try (out) {
                LtxEncoder encoder = new LtxEncoder(out, header);
                DatabaseChecksum checksum = new DatabaseChecksum();
                byte[] page = new byte[PAGE_SIZE];
                for (int pgno = 1; pgno <= PAGES; pgno++) {
                    if (pgno == header.lockPage()) {
                        continue;
                    }
                    ByteBuffer.wrap(page).putInt(0, pgno).putInt(PAGE_SIZE - 4, ~pgno);
                    encoder.writePage(pgno, page);
                    checksum.add(PageChecksum.of(pgno, page));
                }
                return encoder.finish(checksum.value()).postApplyChecksum();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        LtxDecoder decoder = new LtxDecoder(in);
        byte[] page = new byte[PAGE_SIZE];
        long pages = 0;
        for (int pgno; (pgno = decoder.readPage(page)) != 0; pages++) {
            assertThat(ByteBuffer.wrap(page).getInt(0)).isEqualTo(pgno);
        }
        LtxTrailer trailer = decoder.finish();

        assertThat(pages).isEqualTo(PAGES - 1);
        assertThat(trailer.postApplyChecksum()).isEqualTo(written.get());
    }
}
