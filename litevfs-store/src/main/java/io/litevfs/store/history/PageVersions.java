package io.litevfs.store.history;

import io.litevfs.protocol.TxId;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;

/**
 * For each page number, the stored files that hold a version of it, oldest first. The version of a
 * page as of TXID {@code t} is in the newest such file whose max TXID is at most {@code t}. Not
 * thread-safe: the owning {@link Database} guards it with its lock.
 */
final class PageVersions {

    private static final StoredFile[] NONE = new StoredFile[0];

    private StoredFile[][] versions = new StoredFile[1][];

    /** Records every page of a file appended to history (newer than all files already recorded). */
    void add(StoredFile file) {
        int[] pgnos = file.pgnos();
        if (pgnos.length > 0) {
            ensureCapacity(pgnos[pgnos.length - 1]);
        }
        for (int pgno : pgnos) {
            StoredFile[] existing = versions[pgno] == null ? NONE : versions[pgno];
            StoredFile[] grown = Arrays.copyOf(existing, existing.length + 1);
            grown[existing.length] = file;
            versions[pgno] = grown;
        }
    }

    /** The file holding page {@code pgno} as of {@code asOf}, or null when no version is that old. */
    @Nullable StoredFile find(int pgno, TxId asOf) {
        if (pgno >= versions.length || versions[pgno] == null) {
            return null;
        }
        StoredFile[] files = versions[pgno];
        int low = 0;
        int high = files.length - 1;
        StoredFile found = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (files[middle].maxTxId().compareTo(asOf) <= 0) {
                found = files[middle];
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * Replaces every version up to {@code base}'s max TXID by {@code base}, a snapshot that compaction
     * made of them.
     */
    void replaceUpTo(StoredFile base) {
        ensureCapacity(base.commit());
        TxId upTo = base.maxTxId();
        for (int pgno = 1; pgno < versions.length; pgno++) {
            StoredFile[] files = versions[pgno] == null ? NONE : versions[pgno];
            int kept = 0;
            while (kept < files.length && files[kept].maxTxId().compareTo(upTo) <= 0) {
                kept++;
            }
            boolean inBase = base.offsetOf(pgno) >= 0;
            StoredFile[] replaced = new StoredFile[(inBase ? 1 : 0) + files.length - kept];
            if (inBase) {
                replaced[0] = base;
            }
            System.arraycopy(files, kept, replaced, inBase ? 1 : 0, files.length - kept);
            versions[pgno] = replaced.length == 0 ? null : replaced;
        }
    }

    /**
     * Replaces the versions {@code members} held (consecutive files of history) by {@code merged}, the
     * file made of them: it holds each page's newest version among them, and none of the pages they
     * wrote beyond its size. A page's versions are in history order, so the members' are the run of
     * them ending within the members' TXIDs.
     */
    void replace(java.util.List<StoredFile> members, StoredFile merged) {
        TxId from = members.getFirst().minTxId();
        TxId to = merged.maxTxId();
        java.util.BitSet touched = new java.util.BitSet();
        for (StoredFile member : members) {
            for (int pgno : member.pgnos()) {
                touched.set(pgno);
            }
        }
        touched.stream().forEach(pgno -> {
            StoredFile[] files = versions[pgno];
            int first = 0;
            while (files[first].maxTxId().compareTo(from) < 0) {
                first++;
            }
            int end = first;
            while (end < files.length && files[end].maxTxId().compareTo(to) <= 0) {
                end++;
            }
            int kept = merged.offsetOf(pgno) >= 0 ? 1 : 0;
            StoredFile[] replaced = new StoredFile[first + kept + files.length - end];
            System.arraycopy(files, 0, replaced, 0, first);
            if (kept == 1) {
                replaced[first] = merged;
            }
            System.arraycopy(files, end, replaced, first + kept, files.length - end);
            versions[pgno] = replaced.length == 0 ? null : replaced;
        });
    }

    private void ensureCapacity(int pgno) {
        if (pgno >= versions.length) {
            versions = Arrays.copyOf(versions, Math.max(pgno + 1, versions.length * 2));
        }
    }
}
