package io.litevfs.core.db;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.LtxUpload;
import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.DatabaseChecksum;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.protocol.wire.PageData;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a committed write transaction into one LTX file and uploads it: TXID = position + 1 (1, a
 * snapshot, for a new database), pre-apply = the position's checksum, post-apply = that checksum with
 * the old checksum of every overwritten or truncated page XORed out and the new pages' XORed in (the
 * lock page never counts). Old checksums come from the cache; the few pages SQLite overwrites without
 * reading first are fetched. A small commit is encoded in memory; a larger one is written to disk and
 * streamed, so a transaction of any size passes through a page of memory at a time.
 *
 * <p>The upload is a {@link SettledUpload}: a lost answer does not make a landed commit look failed.
 */
final class CommitShipper {

    /** What a commit changed: its new position and the pages to drop from the cache. */
    record Shipped(Pos pos, List<Long> changed) {
    }

    /**
     * Commits of up to this many page bytes are encoded in memory and sent at once; larger ones go through
     * a file and are streamed. Sending from memory saves a file's creation and the streaming machinery
     * on every small commit, which is most of them.
     */
    private static final int IN_MEMORY_LIMIT = 1 << 20;

    private final String database;
    private final BlockingCloudClient client;
    private final PageCache cache;
    private final SettledUpload upload;
    private static final int SHIPPED_REMEMBERED = 64;
    /**
     * The positions the last commits shipped produce, each added before its upload is sent: the store's
     * events announcing them may overtake the upload's answer or arrive after later commits.
     */
    private final Set<Pos> recentlyShipped = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(SHIPPED_REMEMBERED * 2, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Pos, Boolean> eldest) {
                    return size() > SHIPPED_REMEMBERED;
                }
            }));

    CommitShipper(String database, BlockingCloudClient client, PageCache cache) {
        this.database = database;
        this.client = client;
        this.cache = cache;
        this.upload = new SettledUpload(client);
    }

    Shipped ship(DirtyPages dirty, Pos base, int pageSize, int oldCommit, int newCommit, String leaseId, Path scratch)
            throws IOException {
        boolean snapshot = base.isZero();
        int lockPage = Pages.lockPage(pageSize);
        TxId txid = base.txid().next();
        Map<Integer, Long> oldChecksums = snapshot ? Map.of() : oldChecksums(dirty, base, lockPage, oldCommit, newCommit);
        DatabaseChecksum checksum = snapshot ? new DatabaseChecksum() : new DatabaseChecksum(base.postApplyChecksum());
        List<Long> changed = new ArrayList<>();
        LtxHeader header = LtxHeader.of(0, pageSize, newCommit, snapshot ? TxId.of(1) : txid, txid,
                System.currentTimeMillis(), snapshot ? Checksum.ZERO : base.postApplyChecksum());
        boolean inMemory = (long) dirty.size() * pageSize <= IN_MEMORY_LIMIT;
        Path file = inMemory ? null : OwnerOnly.createTempFile(scratch, "commit-", ".ltx");
        ByteArrayOutputStream memory = new ByteArrayOutputStream(inMemory ? dirty.size() * pageSize + 1024 : 0);
        try {
            try (OutputStream out = file == null ? memory : new BufferedOutputStream(OwnerOnly.newOutputStream(file), 1 << 16)) {
                LtxEncoder encoder = new LtxEncoder(out, header);
                for (int pgno : dirty.pgnos()) {
                    if (pgno > newCommit || pgno == lockPage) {
                        continue;
                    }
                    byte[] page = dirty.page(pgno);
                    long pageChecksum = PageChecksum.of(pgno, page);
                    Long old = oldChecksums.get(pgno);
                    if (old != null) {
                        checksum.replace(old, pageChecksum);
                    } else {
                        checksum.add(pageChecksum);
                    }
                    encoder.writePage(pgno, page);
                    changed.add((long) pgno);
                }
                for (int pgno = newCommit + 1; pgno <= oldCommit; pgno++) {
                    if (pgno != lockPage) {
                        Long old = oldChecksums.get(pgno);
                        if (old != null) { // always, but for a snapshot: it has no old pages to take out
                            checksum.remove(old);
                        }
                        changed.add((long) pgno);
                    }
                }
                encoder.finish(checksum.value());
            }
            Pos expected = new Pos(txid, checksum.value());
            recentlyShipped.add(expected);
            LtxUpload ltx = file == null ? new LtxUpload.InMemory(memory.toByteArray()) : new LtxUpload.OnDisk(file);
            upload.send(database, leaseId, ltx, expected);
            return new Shipped(expected, changed);
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Whether {@code pos} is the position one of the last commits shipped by this node produces. */
    boolean shippedRecently(Pos pos) {
        return recentlyShipped.contains(pos);
    }

    /** The checksums, at {@code base}, of every page the commit overwrites or truncates. */
    private Map<Integer, Long> oldChecksums(DirtyPages dirty, Pos base, int lockPage, int oldCommit, int newCommit) {
        Map<Integer, Long> checksums = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (int pgno : dirty.pgnos()) {
            if (pgno <= Math.min(oldCommit, newCommit) && pgno != lockPage) {
                collect(pgno, checksums, missing);
            }
        }
        for (int pgno = newCommit + 1; pgno <= oldCommit; pgno++) {
            if (pgno != lockPage) {
                collect(pgno, checksums, missing);
            }
        }
        for (int from = 0; from < missing.size(); from += DatabaseSettings.MAX_PREFETCH_PAGES_LIMIT) {
            long[] batch = missing.subList(from, Math.min(missing.size(), from + DatabaseSettings.MAX_PREFETCH_PAGES_LIMIT))
                    .stream().mapToLong(Long::longValue).toArray();
            for (PageData page : client.pages(database, base, batch)) {
                checksums.put((int) page.pgno(), PageChecksum.of((int) page.pgno(), page.data()));
            }
        }
        for (long pgno : missing) {
            if (!checksums.containsKey((int) pgno)) {
                throw new IllegalStateException("the store did not return page " + pgno + " of " + database + " at " + base);
            }
        }
        return checksums;
    }

    private void collect(int pgno, Map<Integer, Long> checksums, List<Long> missing) {
        long cached = cache.checksumOf(pgno);
        if (cached != 0) {
            checksums.put(pgno, cached);
        } else {
            missing.add((long) pgno);
        }
    }
}
