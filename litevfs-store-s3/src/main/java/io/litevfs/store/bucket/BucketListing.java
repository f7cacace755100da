package io.litevfs.store.bucket;

import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.store.s3.ListedObject;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One listing of a database's folder in a bucket ({@link BucketKeys}), read: uploads by the TXID they
 * start at, merged windows (the widest from each TXID: merged windows nest, so the widest holds the
 * others), and the snapshots. Keys that name no TXID are not ours to read: some S3-compatible services
 * list an object being written under a temporary name next to its own.
 */
record BucketListing(Map<TxId, ListedObject> uploads, Map<TxId, BucketListing.Merge> merges, List<String> snapshots,
                     @Nullable TxId newestSnapshot) {

    /** A merged window in the bucket. */
    record Merge(String key, LtxFileName range) {
    }

    static BucketListing of(String cluster, String name, List<ListedObject> listed) {
        Map<TxId, ListedObject> uploads = new TreeMap<>();
        Map<TxId, Merge> merges = new TreeMap<>();
        List<String> snapshots = new ArrayList<>();
        TxId newest = null;
        for (ListedObject object : listed) {
            String key = object.key();
            TxId txId = BucketKeys.txIdOf(key);
            if (addMerge(merges, key)) {
                continue;
            }
            if (txId != null && key.startsWith(BucketKeys.uploads(cluster, name))) {
                uploads.put(txId, object);
            } else if (txId != null && key.startsWith(BucketKeys.snapshots(cluster, name))) {
                snapshots.add(key);
                newest = newest == null || txId.compareTo(newest) > 0 ? txId : newest;
            }
        }
        return new BucketListing(uploads, merges, snapshots, newest);
    }

    /** The merged windows among {@code listed}, the widest from each TXID, in TXID order. */
    static java.util.Collection<Merge> merges(List<ListedObject> listed) {
        Map<TxId, Merge> merges = new TreeMap<>();
        listed.forEach(object -> addMerge(merges, object.key()));
        return merges.values();
    }

    /** Keeps the widest merged window from each TXID; false when {@code key} is not one. */
    private static boolean addMerge(Map<TxId, Merge> merges, String key) {
        LtxFileName range = BucketKeys.rangeOf(key);
        if (range == null) {
            return false;
        }
        merges.merge(range.minTxId(), new Merge(key, range),
                (one, other) -> one.range().maxTxId().compareTo(other.range().maxTxId()) >= 0 ? one : other);
        return true;
    }

    BucketListing withMerges(List<ListedObject> listed) {
        Map<TxId, Merge> more = new TreeMap<>(merges);
        listed.forEach(object -> addMerge(more, object.key()));
        return new BucketListing(uploads, more, snapshots, newestSnapshot);
    }

    @Nullable Merge widestMergeFrom(TxId min) {
        return merges.get(min);
    }

    @Nullable ListedObject uploadFrom(TxId min) {
        return uploads.get(min);
    }

    boolean hasUploadAfter(TxId min) {
        return uploads.keySet().stream().anyMatch(txId -> txId.compareTo(min) > 0);
    }

    /**
     * Keys a full listing shows that the newest snapshot or a wider merged window holds but were not
     * deleted yet: a replica compacting right now deletes them as well; deleting twice is harmless.
     */
    List<String> coveredKeys(TxId newestSnapshot) {
        List<String> covered = new ArrayList<>();
        for (String key : snapshots) {
            if (java.util.Objects.requireNonNull(BucketKeys.txIdOf(key)).compareTo(newestSnapshot) < 0) {
                covered.add(key);
            }
        }
        List<LtxFileName> ranges = merges.values().stream().map(Merge::range).toList();
        uploads.forEach((min, upload) -> {
            if (min.compareTo(newestSnapshot) <= 0 || ranges.stream().anyMatch(range -> within(min, min, range))) {
                covered.add(upload.key());
            }
        });
        merges.values().forEach(merge -> {
            LtxFileName range = merge.range();
            if (range.maxTxId().compareTo(newestSnapshot) <= 0 || ranges.stream().anyMatch(wider ->
                    !wider.equals(range) && within(range.minTxId(), range.maxTxId(), wider))) {
                covered.add(merge.key());
            }
        });
        return covered;
    }

    private static boolean within(TxId min, TxId max, LtxFileName range) {
        return min.compareTo(range.minTxId()) >= 0 && max.compareTo(range.maxTxId()) <= 0;
    }
}
