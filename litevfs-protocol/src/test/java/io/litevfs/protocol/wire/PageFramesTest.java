package io.litevfs.protocol.wire;

import io.litevfs.protocol.ltx.PageChecksum;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary page answer: what is framed decodes to the same pages; anything else is refused, saying why. */
class PageFramesTest {

    @Test
    void framedPagesDecodeToTheSamePagesInOrder() {
        List<PageData> pages = List.of(page(7, 4096, 1), page(1, 4096, 2), page(4_000_000_000L, 512, 3));
        List<PageData> decoded = PageFrames.decode(encode(pages));
        assertThat(decoded).extracting(PageData::pgno).containsExactly(7L, 1L, 4_000_000_000L);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(decoded.get(i).data()).isEqualTo(pages.get(i).data());
        }
        assertThat(PageFrames.decode(encode(List.of()))).isEmpty();
    }

    @Test
    void checkedFramesCarryEachPagesChecksum() {
        List<PageData> pages = List.of(page(7, 4096, 1), page(1, 512, 2));
        int size = PageFrames.HEADER_SIZE + pages.stream()
                .mapToInt(p -> PageFrames.CHECKED_FRAME_HEADER_SIZE + p.data().length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).put(PageFrames.header(pages.size(), true));
        pages.forEach(page -> PageFrames.frame(new PageData(page.pgno(), page.data(),
                PageChecksum.of((int) page.pgno(), page.data())), out, true));
        List<PageData> decoded = PageFrames.decode(out.array());
        assertThat(decoded).extracting(PageData::pgno).containsExactly(7L, 1L);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(decoded.get(i).data()).isEqualTo(pages.get(i).data());
            assertThat(decoded.get(i).checksum()).isEqualTo(PageChecksum.of((int) pages.get(i).pgno(), pages.get(i).data()));
        }
        assertThat(PageFrames.decode(encode(pages))).extracting(PageData::checksum).containsOnly(0L);
    }

    @Test
    void anythingElseIsRefusedWithWhatIsWrong() {
        byte[] good = encode(List.of(page(1, 512, 1), page(2, 512, 2)));
        assertRefused("{\"pages\":[]}".getBytes(), "does not start with \"LVPG\"");
        assertRefused(new byte[3], "does not start");
        assertRefused(Arrays.copyOf(good, good.length - 1), "length of 512 with 511 bytes left");
        assertRefused(Arrays.copyOf(good, PageFrames.HEADER_SIZE + 8 + 512 + 3), "cut short in the header of page 2 of 2");
        assertRefused(Arrays.copyOf(good, good.length + 1), "1 bytes after its 2 pages");
        byte[] tooMany = good.clone();
        ByteBuffer.wrap(tooMany).putInt(4, 2000);
        assertRefused(tooMany, "at most 1024");
        byte[] zeroPage = good.clone();
        ByteBuffer.wrap(zeroPage).putInt(PageFrames.HEADER_SIZE, 0);
        assertRefused(zeroPage, "(pgno 0)");
        byte[] tinyPage = good.clone();
        ByteBuffer.wrap(tinyPage).putInt(PageFrames.HEADER_SIZE + 4, 100);
        assertRefused(tinyPage, "length of 100");
    }

    private static void assertRefused(byte[] answer, String why) {
        assertThatThrownBy(() -> PageFrames.decode(answer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    private static byte[] encode(List<PageData> pages) {
        int size = PageFrames.HEADER_SIZE + pages.stream().mapToInt(p -> PageFrames.FRAME_HEADER_SIZE + p.data().length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).put(PageFrames.header(pages.size(), false));
        pages.forEach(page -> PageFrames.frame(page, out, false));
        return out.array();
    }

    private static PageData page(long pgno, int size, int fill) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        return new PageData(pgno, data);
    }
}
