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
 *
 * <p>The checked framing, answered to a request with {@code checksums=true} (magic {@code "LVPC"}), adds
 * each page's checksum (u64, {@link io.litevfs.protocol.ltx.PageChecksum}) after its length, so that the
 * client can verify every page before it keeps or returns it; the JSON answer to such a request gives it
 * as {@code "checksum":"<16 hex digits>"}.
 */
public final class PageFrames {

    /** The media type of the binary answer, in {@code Accept} and {@code Content-Type}. */
    public static final String MEDIA_TYPE = "application/vnd.litevfs.pages";
    /** The query parameter asking for each page's checksum in the answer. */
    public static final String CHECKSUMS_PARAMETER = "checksums";
    /** Bytes before the first page. */
    public static final int HEADER_SIZE = 8;
    /** Bytes before each page's content. */
    public static final int FRAME_HEADER_SIZE = 8;
    /** Bytes before each page's content in the checked framing. */
    public static final int CHECKED_FRAME_HEADER_SIZE = 16;
    private static final int MAGIC = 0x4C565047;
    private static final int CHECKED_MAGIC = 0x4C565043;

    private PageFrames() {
    }

    /** The header of a plain or a {@code checked} answer, for {@code count} pages. */
    public static byte[] header(int count, boolean checked) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(checked ? CHECKED_MAGIC : MAGIC).putInt(count).array();
    }

    /** Writes page {@code page}'s frame (its number, length, checksum when {@code checked}, bytes) into {@code target}. */
    public static void frame(PageData page, ByteBuffer target, boolean checked) {
        target.putInt((int) page.pgno()).putInt(page.data().length);
        if (checked) {
            target.putLong(page.checksum());
        }
        target.put(page.data());
    }

    /** Bytes before each page's content in a plain or a {@code checked} answer. */
    public static int frameHeaderSize(boolean checked) {
        return checked ? CHECKED_FRAME_HEADER_SIZE : FRAME_HEADER_SIZE;
    }

    /**
     * The pages of a whole binary answer.
     *
     * @throws IllegalArgumentException naming what is wrong, when {@code answer} is not one
     */
    public static List<PageData> decode(byte[] answer) {
        ByteBuffer in = ByteBuffer.wrap(answer);
        int magic = answer.length < HEADER_SIZE ? 0 : in.getInt();
        if (magic != MAGIC && magic != CHECKED_MAGIC) {
            throw new IllegalArgumentException("not a binary page answer: it does not start with \"LVPG\" or \"LVPC\"");
        }
        boolean checked = magic == CHECKED_MAGIC;
        int count = in.getInt();
        if (count < 0 || count > Pages.MAX_PAGES_PER_REQUEST) {
            throw new IllegalArgumentException("binary page answer of " + Integer.toUnsignedString(count)
                    + " pages: at most " + Pages.MAX_PAGES_PER_REQUEST + " come in one answer");
        }
        List<PageData> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < frameHeaderSize(checked)) {
                throw new IllegalArgumentException("binary page answer cut short in the header of page " + (i + 1)
                        + " of " + count);
            }
            long pgno = Integer.toUnsignedLong(in.getInt());
            int length = in.getInt();
            long checksum = checked ? in.getLong() : 0;
            if (pgno == 0 || length < Pages.MIN_PAGE_SIZE || length > Pages.MAX_PAGE_SIZE || length > in.remaining()) {
                throw new IllegalArgumentException("binary page answer: page " + (i + 1) + " of " + count + " (pgno "
                        + pgno + ") has a length of " + Integer.toUnsignedString(length) + " with " + in.remaining()
                        + " bytes left");
            }
            byte[] data = new byte[length];
            in.get(data);
            pages.add(new PageData(pgno, data, checksum));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("binary page answer: " + in.remaining() + " bytes after its " + count
                    + " pages");
        }
        return pages;
    }
}
