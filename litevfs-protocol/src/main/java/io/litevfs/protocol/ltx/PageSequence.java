package io.litevfs.protocol.ltx;

/**
 * The rules for the page numbers of one LTX file, shared by encoder and decoder: each page is from 1 to
 * the commit size, never the lock page, in strictly ascending order; a snapshot holds every page from 1
 * to its commit size but the lock page.
 */
final class PageSequence {

    private final LtxHeader header;
    private final int lockPage;
    private int last;
    private int count;

    PageSequence(LtxHeader header) {
        this.header = header;
        this.lockPage = header.lockPage();
    }

    void accept(int pgno) throws LtxException {
        if (pgno <= 0 || pgno > header.commit()) {
            throw new LtxException(LtxError.BAD_PAGE_NUMBER, "LTX page number %s is outside 1..%d (the commit size)"
                    .formatted(Integer.toUnsignedString(pgno), header.commit()));
        }
        if (pgno == lockPage) {
            throw new LtxException(LtxError.BAD_PAGE_NUMBER,
                    "LTX file holds the lock page %d, which is never stored".formatted(pgno));
        }
        if (pgno <= last) {
            throw new LtxException(LtxError.PAGES_OUT_OF_ORDER,
                    "LTX page %d follows page %d; pages must be in ascending order".formatted(pgno, last));
        }
        if (header.isSnapshot() && pgno != nextExpected()) {
            throw new LtxException(LtxError.SNAPSHOT_INCOMPLETE,
                    "LTX snapshot skips from page %d to %d; it must hold every page".formatted(last, pgno));
        }
        last = pgno;
        count++;
    }

    void finish() throws LtxException {
        if (header.isSnapshot() && nextExpected() <= header.commit()) {
            throw new LtxException(LtxError.SNAPSHOT_INCOMPLETE,
                    "LTX snapshot ends at page %d of %d; it must hold every page".formatted(last, header.commit()));
        }
    }

    int count() {
        return count;
    }

    private int nextExpected() {
        int next = last + 1;
        return next == lockPage ? next + 1 : next;
    }
}
