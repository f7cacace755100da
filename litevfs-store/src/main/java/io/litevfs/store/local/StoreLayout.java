package io.litevfs.store.local;

import io.litevfs.store.history.Names;

import java.nio.file.Path;

/**
 * Where the store keeps what it keeps on local disk, in one place (the bucket's layout is
 * {@code BucketKeys}). Under the data directory:
 * <pre>
 * incoming/                     uploads being received, before they are checked; emptied at every start
 * commit-log/log-0, log-1       the commit log ({@link CommitLog}): small uploads made durable with one sync
 * write-behind/                 with {@code s3.durability=local-disk}: links to uploads acknowledged and not
 *                               yet in the bucket, named by their bucket keys ({@code WriteBehind})
 * clusters/&lt;cluster&gt;/clusterid     the cluster's {@code Litefs-Cluster-Id}, once a client sent one ({@link ClusterIds})
 * clusters/&lt;cluster&gt;/dbs/&lt;db&gt;/    one database ({@link Names#directoryName}):
 *     ltx/                      its history: on local disk, every LTX file of it (transactions, then the
 *                               compacted and merged files that replace them); on a bucket, local copies of
 *                               transactions ({@code <min TXID>.ltx})
 *     snapshots/, levels/       on a bucket, local copies of snapshots ({@code <max TXID>.ltx}) and merged files
 *     tmp/                      files being written before they are published; emptied when the database loads
 *     quarantine/               files found unreadable at load, moved aside with everything after them
 * </pre>
 * Cluster names are written with {@link Names#onDisk}. Nothing here creates a directory: each owner
 * creates its own, owner-only.
 */
public final class StoreLayout {

    private final Path dataDirectory;

    private StoreLayout(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The layout under {@code dataDirectory}. */
    public static StoreLayout of(Path dataDirectory) {
        return new StoreLayout(dataDirectory);
    }

    public Path incoming() {
        return dataDirectory.resolve("incoming");
    }

    Path commitLog() {
        return dataDirectory.resolve("commit-log");
    }

    public Path writeBehind() {
        return dataDirectory.resolve("write-behind");
    }

    public Path clusters() {
        return dataDirectory.resolve("clusters");
    }

    public Path cluster(String cluster) {
        return clusters().resolve(Names.onDisk(cluster));
    }

    Path clusterIdFile(String cluster) {
        return cluster(cluster).resolve("clusterid");
    }

    public Path databases(String cluster) {
        return cluster(cluster).resolve("dbs");
    }

    public Path database(String cluster, String name) {
        return databases(cluster).resolve(Names.directoryName(name));
    }

    /** A database's history on local disk; on a bucket, its local copies of transactions. */
    public static Path history(Path database) {
        return database.resolve("ltx");
    }

    public static Path snapshots(Path database) {
        return database.resolve("snapshots");
    }

    public static Path levels(Path database) {
        return database.resolve("levels");
    }

    public static Path temporary(Path database) {
        return database.resolve("tmp");
    }

    static Path quarantine(Path database) {
        return database.resolve("quarantine");
    }
}
