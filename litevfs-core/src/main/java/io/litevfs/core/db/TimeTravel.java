package io.litevfs.core.db;

import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.RestorePoint;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PageData;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection reading a database as of a point of the store's history ({@code PRAGMA litevfs_time}):
 * its pages come from the store at that position and are kept in a small map of this connection's own,
 * never in the page cache, so nothing of an old point can reach a live read, and no live change reaches
 * this view. Read-only; the point's size is page 1's in-header database size.
 *
 * <p>Not thread-safe: one connection's file handle, which SQLite uses from one thread at a time.
 */
final class TimeTravel {

    /** Pages of the point kept for this connection; a miss fetches this many consecutive pages at once. */
    private static final int KEPT_PAGES = 512;
    private static final int FETCHED_TOGETHER = 32;

    private final String database;
    private final BlockingCloudClient client;
    private final String asked;
    private final Pos pos;
    private final int pageSize;
    private final int commit;
    private final Map<Integer, byte[]> pages = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > KEPT_PAGES;
        }
    };

    private TimeTravel(String database, BlockingCloudClient client, String asked, Pos pos, byte[] firstPage) {
        this.database = database;
        this.client = client;
        this.asked = asked;
        this.pos = pos;
        this.pageSize = Pages.pageSizeOf(firstPage);
        ByteBuffer header = ByteBuffer.wrap(firstPage);
        if (header.getInt(92) != header.getInt(24)) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs: " + database + " as of " + asked + " does not record its size "
                    + "in its header (written by an old SQLite); time travel needs it");
        }
        this.commit = header.getInt(28);
        pages.put(1, firstPage);
    }

    /**
     * The view of {@code database} as of {@code asked}: a TXID (16 hex digits) or an RFC 3339 time (the
     * newest point the store accepted by then).
     *
     * @throws VfsException saying what is wrong with {@code asked}, or the store's refusal (a point older
     *                      than the history kept names the oldest one)
     */
    static TimeTravel to(String database, BlockingCloudClient client, String asked) {
        RestorePoint point;
        try {
            point = RestorePoint.parse(asked);
        } catch (IllegalArgumentException e) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs_time takes a TXID (16 hex digits) or a time (RFC 3339, "
                    + "e.g. 2026-12-05T10:00:00Z), or '' for the live database; got \"" + asked + "\"");
        }
        Pos pos;
        try {
            pos = client.point(database, point);
        } catch (RuntimeException e) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs: cannot read " + database + " as of " + asked + ": "
                    + e.getMessage(), e);
        }
        List<PageData> first = client.pages(database, pos, new long[] {1});
        if (first.isEmpty()) {
            throw new VfsException(SqliteCodes.ERROR, "litevfs: " + database + " has no page 1 as of " + asked);
        }
        return new TimeTravel(database, client, asked, pos, first.getFirst().data());
    }

    /** What the connection reads, as {@code PRAGMA litevfs_time} answers it. */
    String describe() {
        return asked + " (TXID " + pos.txid() + ")";
    }

    long size() {
        return (long) pageSize * commit;
    }

    int read(ByteBuffer target, long offset) {
        int length = target.remaining();
        int pgno = (int) (offset / pageSize + 1);
        int inPage = (int) (offset % pageSize);
        if (pgno > commit) {
            return 0;
        }
        byte[] page = pages.get(pgno);
        if (page == null) {
            page = fetch(pgno);
        }
        int start = target.position();
        target.put(page, inPage, length);
        if (pgno == 1) {
            Pager.presentAsRollbackJournal(target, start, inPage, length);
        }
        return length;
    }

    VfsException refusedWrite() {
        return new VfsException(SqliteCodes.READONLY, "litevfs: this connection reads " + database + " as of " + asked
                + " (PRAGMA litevfs_time) and cannot write; PRAGMA litevfs_time = '' returns to the live database");
    }

    private byte[] fetch(int pgno) {
        int count = Math.min(FETCHED_TOGETHER, commit - pgno + 1);
        long[] wanted = new long[count];
        for (int i = 0; i < count; i++) {
            wanted[i] = pgno + i;
        }
        List<PageData> fetched;
        try {
            fetched = client.pages(database, pos, wanted);
        } catch (RuntimeException e) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: cannot read page " + pgno + " of " + database + " as of "
                    + asked + ": " + e.getMessage(), e);
        }
        for (PageData page : fetched) {
            pages.put((int) page.pgno(), page.data());
        }
        byte[] page = pages.get(pgno);
        if (page == null) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: the store did not return page " + pgno + " of "
                    + database + " as of " + asked);
        }
        return page;
    }
}
