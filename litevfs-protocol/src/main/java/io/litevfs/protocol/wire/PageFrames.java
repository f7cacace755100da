package io.litevfs.protocol.wire;

import io.litevfs.protocol.Pages;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@code GET /db/page} answer, an extension a client asks for with {@code Accept:
 * application/vnd.litevfs.pages} (a store that does not know it answers JSON, as LiteFS Cloud did, and
 * the client reads either). It carries the pages as they are, where JSON carries them in base64, a third
 * larger and slower to write and read.
 *
 * <p>Layout, big-endian: the magic {@code "LVPG"}, the number of pages (u32), then for each page its
 * number (u32), its length (u32) and its bytes. Pages come in the order JSON would give them.
 */
public final class PageFrames {

    /** The media type of the binary answer, in {@code Accept} and {@code Content-Type}. */
    public static final String MEDIA_TYPE = "application/vnd.litevfs.pages";
    /** Bytes before the first page. */
    public static final int HEADER_SIZE = 8;
    /** Bytes before each page's content. */
    public static final int FRAME_HEADER_SIZE = 8;
    private static final int MAGIC = 0x4C565047;

    private PageFrames() {
    }

    /** The answer's header, for {@code count} pages. */
    public static byte[] header(int count) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(count).array();
    }

    /** Writes page {@code page}'s frame (its number, length and bytes) into {@code target}. */
    public static void frame(PageData page, ByteBuffer target) {
        target.putInt((int) page.pgno()).putInt(page.data().length).put(page.data());
    }

    /**
     * The pages of a whole binary answer.
     *
     * @throws IllegalArgumentException naming what is wrong, when {@code answer} is not one
     */
    public static List<PageData> decode(byte[] answer) {
        ByteBuffer in = ByteBuffer.wrap(answer);
        if (answer.length < HEADER_SIZE || in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a binary page answer: it does not start with \"LVPG\"");
        }
        int count = in.getInt();
        if (count < 0 || count > Pages.MAX_PAGES_PER_REQUEST) {
            throw new IllegalArgumentException("binary page answer of " + Integer.toUnsignedString(count)
                    + " pages: at most " + Pages.MAX_PAGES_PER_REQUEST + " come in one answer");
        }
        List<PageData> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < FRAME_HEADER_SIZE) {
                throw new IllegalArgumentException("binary page answer cut short in the header of page " + (i + 1)
                        + " of " + count);
            }
            long pgno = Integer.toUnsignedLong(in.getInt());
            int length = in.getInt();
            if (pgno == 0 || length < Pages.MIN_PAGE_SIZE || length > Pages.MAX_PAGE_SIZE || length > in.remaining()) {
                throw new IllegalArgumentException("binary page answer: page " + (i + 1) + " of " + count + " (pgno "
                        + pgno + ") has a length of " + Integer.toUnsignedString(length) + " with " + in.remaining()
                        + " bytes left");
            }
            byte[] data = new byte[length];
            in.get(data);
            pages.add(new PageData(pgno, data));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("binary page answer: " + in.remaining() + " bytes after its " + count
                    + " pages");
        }
        return pages;
    }
}
