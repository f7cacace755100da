package io.litevfs.core.cloud;

import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.protocol.wire.PageData;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What a node checks in every {@code GET /db/page} answer before any page of it is kept or returned: a
 * store's answers are input too, and a page taken on trust would be served, and cached, for good.
 * <ol>
 *   <li>every page is one that was asked for, at most once: an answer can never name a page (and with it
 *       grow a table sized by page numbers) that the node did not choose;</li>
 *   <li>every page is one page long, all of one valid page size, and page 1, where it is a SQLite header,
 *       declares the size it has;</li>
 *   <li>every page comes with its checksum ({@code FLAG | crc64(be32(pgno) ‖ data)}, asked for with
 *       {@code checksums=true}) and matches it: bytes damaged on the way, or a page labelled with another's
 *       number (the number is hashed with the data), never pass.</li>
 * </ol>
 * Whether the pages are of the size the node already knows, and whether a page it needs was left out, is
 * the pager's to check: it knows the database's size.
 */
final class PageAnswerCheck {

    private PageAnswerCheck() {
    }

    /** @throws CloudException {@link CloudException#BAD_RESPONSE}, naming the database and what is wrong */
    static List<PageData> verified(String database, Pos pos, long[] asked, List<PageData> pages) {
        if (pages.size() > asked.length) {
            throw refused(database, pos, pages.size() + " pages answer a request for " + asked.length);
        }
        long[] sorted = asked.clone();
        Arrays.sort(sorted);
        BitSet seen = new BitSet(sorted.length);
        int pageSize = 0;
        for (PageData page : pages) {
            int at = Arrays.binarySearch(sorted, page.pgno());
            if (at < 0) {
                throw refused(database, pos, "page " + page.pgno() + " was not asked for");
            }
            if (seen.get(at)) {
                throw refused(database, pos, "page " + page.pgno() + " came twice");
            }
            seen.set(at);
            int length = page.data().length;
            if (!Pages.isValidPageSize(length) || (pageSize != 0 && length != pageSize)) {
                throw refused(database, pos, "page " + page.pgno() + " is " + length + " bytes long"
                        + (pageSize != 0 ? " where the answer's other pages are " + pageSize : ", not a page size"));
            }
            pageSize = length;
            if (page.pgno() == 1) {
                int declared = Pages.declaredPageSize(page.data());
                if (declared != 0 && declared != length) {
                    throw refused(database, pos, "page 1 is " + length + " bytes long but declares pages of " + declared);
                }
            }
            if (page.checksum() == 0) {
                throw refused(database, pos, "page " + page.pgno() + " came without its checksum; LiteVFS verifies "
                        + "every page it receives and needs a store that sends them (this project's store does)");
            }
            if (PageChecksum.of((int) page.pgno(), page.data()) != page.checksum()) {
                throw refused(database, pos, "page " + page.pgno() + " does not match its checksum: it was damaged "
                        + "on the way or by the store");
            }
        }
        return pages;
    }

    private static CloudException refused(String database, Pos pos, String why) {
        return new CloudException(0, CloudException.BAD_RESPONSE, "GET /db/page of " + database + " at " + pos
                + ": the answer was refused, nothing of it kept: " + why, null, null);
    }
}
