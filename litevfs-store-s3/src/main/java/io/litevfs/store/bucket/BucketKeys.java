package io.litevfs.store.bucket;

import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.StoredFile;
import org.jspecify.annotations.Nullable;

/**
 * The bucket's layout, under the configured prefix:
 * <pre>
 * clusters/&lt;cluster&gt;/dbs/&lt;database&gt;/NAME                  the database's name
 * clusters/&lt;cluster&gt;/dbs/&lt;database&gt;/LEASE                 its write lease
 * clusters/&lt;cluster&gt;/dbs/&lt;database&gt;/levels/&lt;min&gt;-&lt;max&gt;.ltx  a retention window's uploads merged
 * clusters/&lt;cluster&gt;/dbs/&lt;database&gt;/ltx/&lt;min TXID&gt;.ltx      one accepted upload
 * clusters/&lt;cluster&gt;/dbs/&lt;database&gt;/snapshots/&lt;max TXID&gt;.ltx history folded by compaction
 * </pre>
 * Names are in their on-disk form ({@link Names#onDisk}, {@link Names#directoryName}). An upload's key
 * names the first TXID it writes, that is the position it continues: two uploads continuing one position
 * race for one key, and the bucket's conditional create lets exactly one win, whatever TXID ranges
 * they carry. TXIDs are 16 hex digits, so key order is TXID order. {@code levels/} sorts before
 * {@code ltx/}, so the listing a replica makes every poll, from its position's upload key on, does not
 * grow with the points kept; merged files are older than every upload key a replica needs.
 */
public final class BucketKeys {

    private static final String LTX = "ltx/";
    private static final String LEVELS = "levels/";
    private static final String SNAPSHOTS = "snapshots/";
    private static final String SUFFIX = ".ltx";
    private static final java.util.regex.Pattern HEX16 = java.util.regex.Pattern.compile("[0-9a-f]{16}");

    private BucketKeys() {
    }

    static String clusters() {
        return "clusters/";
    }

    static String databases(String clusterFolder) {
        return clusterFolder + "dbs/";
    }

    static String database(String cluster, String name) {
        return "clusters/" + Names.onDisk(cluster) + "/dbs/" + Names.directoryName(name) + "/";
    }

    static String name(String databaseFolder) {
        return databaseFolder + "NAME";
    }

    static String lease(String cluster, String name) {
        return database(cluster, name) + "LEASE";
    }

    static String uploads(String cluster, String name) {
        return database(cluster, name) + LTX;
    }

    static String upload(String cluster, String name, TxId minTxId) {
        return uploads(cluster, name) + minTxId + SUFFIX;
    }

    static String merges(String cluster, String name) {
        return database(cluster, name) + LEVELS;
    }

    static String merged(String cluster, String name, LtxFileName range) {
        return merges(cluster, name) + range;
    }

    /** The TXID range a key of {@code levels/} names, or null for any other key. */
    static @Nullable LtxFileName rangeOf(String key) {
        int slash = key.lastIndexOf('/');
        return key.substring(0, slash + 1).endsWith("/" + LEVELS) ? LtxFileName.parse(key.substring(slash + 1)) : null;
    }

    static String snapshots(String cluster, String name) {
        return database(cluster, name) + SNAPSHOTS;
    }

    static String snapshot(String cluster, String name, TxId maxTxId) {
        return snapshots(cluster, name) + maxTxId + SUFFIX;
    }

    /** The key of a stored file. */
    static String of(Database database, StoredFile file) {
        return switch (file.kind()) {
            case SNAPSHOT -> snapshot(database.cluster(), database.name(), file.maxTxId());
            case MERGED -> merged(database.cluster(), database.name(), new LtxFileName(file.minTxId(), file.maxTxId()));
            case UPLOAD -> upload(database.cluster(), database.name(), file.minTxId());
        };
    }

    /** The TXID a key of {@code ltx/} or {@code snapshots/} ends with, or null for any other key. */
    static @Nullable TxId txIdOf(String key) {
        int slash = key.lastIndexOf('/');
        String digits = key.substring(slash + 1, Math.max(slash + 1, key.length() - SUFFIX.length()));
        if (!key.endsWith(SUFFIX) || !HEX16.matcher(digits).matches()) {
            return null;
        }
        return TxId.parse(digits);
    }
}
