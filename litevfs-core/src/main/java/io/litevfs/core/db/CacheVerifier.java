package io.litevfs.core.db;

import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.protocol.wire.PageData;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PRAGMA litevfs_verify}: the whole database as this node reads it, checked against the checksum of
 * its position, the one number the store vouches for the whole content with (the XOR of every page's
 * checksum, see the LTX rules). Cached pages are read as they are; pages not cached are fetched for the
 * check (each verified as any answer is) and not kept.
 *
 * <p>When the sum is wrong, every page is fetched from the store and summed again: if the store's pages add
 * up, the cache was wrong, and it is repaired (every cached page fetched again once no reader holds a lock);
 * if they do not, the store is at fault, and the check fails saying so. Read-only otherwise; it holds no
 * lock, so a position that moves on during the check makes it fail with "run it again".
 */
final class CacheVerifier {

    private final String name;
    private final PageCache cache;
    private final BlockingCloudClient client;
    private final Runnable repair;

    CacheVerifier(String name, PageCache cache, BlockingCloudClient client, Runnable repair) {
        this.name = name;
        this.cache = cache;
        this.client = client;
        this.repair = repair;
    }

    /** The check's answer: {@code ok: ...} or {@code repaired: ...}. @throws VfsException when the store is at fault */
    String verify() {
        Pos pos = cache.position();
        if (pos.isZero() || pos.postApplyChecksum().equals(Checksum.EMPTY_DATABASE)) {
            return "ok: " + name + " is empty at position " + pos;
        }
        byte[] first = firstPage(pos);
        int pageSize = Pages.pageSizeOf(first);
        int commit = ByteBuffer.wrap(first).getInt(28);
        Sum cached = sum(pos, pageSize, commit, true);
        if (cached.matches(pos)) {
            return "ok: " + commit + " pages (" + cached.fromCache + " of them cached) match position " + pos;
        }
        Sum fresh = sum(pos, pageSize, commit, false);
        if (!fresh.matches(pos)) {
            throw new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + name + ": the store's own pages at "
                    + "position " + pos + " do not add up to the position's checksum (they give " + fresh.checksum()
                    + "); the store is faulty, nothing was changed here");
        }
        repair.run();
        return "repaired: the cache differed from the store at position " + pos + " (" + cached.checksum()
                + " instead of " + pos.postApplyChecksum() + "); every cached page is fetched again";
    }

    private Sum sum(Pos pos, int pageSize, int commit, boolean fromCache) {
        int lockPage = Pages.lockPage(pageSize);
        int batch = Pages.maxPagesPerRequest(pageSize);
        Sum sum = new Sum();
        List<Long> missing = new ArrayList<>(batch);
        for (int pgno = 1; pgno <= commit; pgno++) {
            if (pgno == lockPage) {
                continue;
            }
            byte @Nullable [] page = fromCache ? cachedPage(pgno, pageSize) : null;
            if (page != null) {
                sum.add(pgno, page, true);
            } else {
                missing.add((long) pgno);
            }
            if (missing.size() == batch) {
                fetchInto(sum, pos, missing);
                missing.clear();
            }
        }
        if (!missing.isEmpty()) {
            fetchInto(sum, pos, missing);
        }
        if (!cache.position().equals(pos)) {
            throw new VfsException(SqliteCodes.BUSY, "litevfs: database " + name + " moved on from " + pos + " to "
                    + cache.position() + " during the check; run it again");
        }
        return sum;
    }

    private void fetchInto(Sum sum, Pos pos, List<Long> pgnos) {
        Map<Long, byte[]> received = new HashMap<>();
        for (PageData page : client.pages(name, pos, pgnos.stream().mapToLong(Long::longValue).toArray())) {
            received.put(page.pgno(), page.data());
        }
        for (long pgno : pgnos) {
            byte[] page = received.get(pgno);
            if (page == null) {
                throw leftOut(pgno, pos);
            }
            sum.add((int) pgno, page, false);
        }
    }

    /** Page 1, which gives the page size and the size in pages: cached, or fetched. */
    private byte[] firstPage(Pos pos) {
        int pageSize = cache.pageSize();
        byte @Nullable [] cached = pageSize > 0 ? cachedPage(1, pageSize) : null;
        if (cached != null) {
            return cached;
        }
        List<PageData> pages = client.pages(name, pos, new long[] {1});
        if (pages.isEmpty()) {
            throw leftOut(1, pos);
        }
        return pages.getFirst().data();
    }

    private VfsException leftOut(long pgno, Pos pos) {
        return new VfsException(SqliteCodes.IOERR_READ, "litevfs: database " + name + ": the store left page " + pgno
                + " out of its answer at position " + pos + ", though the database has it");
    }

    private byte @Nullable [] cachedPage(int pgno, int pageSize) {
        byte[] page = new byte[pageSize];
        return cache.pageSize() == pageSize && cache.peek(pgno, 0, ByteBuffer.wrap(page), pageSize) ? page : null;
    }

    /** The XOR of the checksums of the pages summed so far, and how many came from the cache. */
    private static final class Sum {
        private long xor;
        private int fromCache;

        void add(int pgno, byte[] page, boolean cached) {
            xor ^= PageChecksum.of(pgno, page);
            if (cached) {
                fromCache++;
            }
        }

        Checksum checksum() {
            return Checksum.of(Checksum.FLAG | xor);
        }

        boolean matches(Pos pos) {
            return checksum().equals(pos.postApplyChecksum());
        }
    }
}
