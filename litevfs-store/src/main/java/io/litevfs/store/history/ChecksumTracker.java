package io.litevfs.store.history;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.DatabaseChecksum;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.ErrorCode;

import java.util.Arrays;

/**
 * Follows the database checksum through one LTX file applied on top of a known state, as the spec's
 * section 2.4 demands: each page XORs out the checksum of the version it overwrites (if the page
 * existed) and XORs in its own; pages cut off by a smaller commit size are XORed out; a growing database
 * must receive every new page. Used for uploads and again for every stored file at start-up.
 */
public final class ChecksumTracker {

    private final LtxHeader header;
    private final int oldCommit;
    private final long[] oldChecksums;
    private final DatabaseChecksum checksum;
    private int[] pgnos = new int[64];
    private long[] checksums = new long[64];
    private int count;

    /**
     * @param header       the header of the file being applied
     * @param before       the position it applies to
     * @param oldCommit    the database's size in pages before it
     * @param oldChecksums page checksums before it, indexed by page number
     */
    public ChecksumTracker(LtxHeader header, Pos before, int oldCommit, long[] oldChecksums) {
        this.header = header;
        this.oldCommit = header.isSnapshot() ? 0 : oldCommit;
        this.oldChecksums = oldChecksums;
        this.checksum = header.isSnapshot() ? new DatabaseChecksum() : new DatabaseChecksum(before.postApplyChecksum());
    }

    /** Takes the next page of the file, with its page checksum. */
    public void page(int pgno, long pageChecksum) {
        if (pgno <= oldCommit) {
            checksum.replace(oldChecksums[pgno], pageChecksum);
        } else {
            checksum.add(pageChecksum);
        }
        if (count == pgnos.length) {
            pgnos = Arrays.copyOf(pgnos, count * 2);
            checksums = Arrays.copyOf(checksums, count * 2);
        }
        pgnos[count] = pgno;
        checksums[count] = pageChecksum;
        count++;
    }

    /**
     * Applies truncation, checks that growth brought every new page, and returns the database checksum
     * after the file.
     *
     * @throws StoreException {@code EMISSINGPAGES} when a new page is missing
     */
    public Checksum finish() {
        int lockPage = header.lockPage();
        for (int pgno = header.commit() + 1; pgno <= oldCommit; pgno++) {
            if (pgno != lockPage) {
                checksum.remove(oldChecksums[pgno]);
            }
        }
        int[] received = pgnos();
        for (int pgno = oldCommit + 1; pgno <= header.commit(); pgno++) {
            if (pgno != lockPage && Arrays.binarySearch(received, pgno) < 0) {
                throw new StoreException(ErrorCode.EMISSINGPAGES, "the database grows from %d to %d pages but page %d is missing"
                        .formatted(oldCommit, header.commit(), pgno));
            }
        }
        return checksum.value();
    }

    /** Page numbers received, ascending. */
    public int[] pgnos() {
        return Arrays.copyOf(pgnos, count);
    }

    /** Their page checksums, in the same order. */
    public long[] checksums() {
        return Arrays.copyOf(checksums, count);
    }
}
