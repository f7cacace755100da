package io.litevfs.store.local;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The cluster id ({@code LFSC} and 16 uppercase hex digits) each cluster's first writer announced in
 * {@code Litefs-Cluster-Id}, kept in {@code clusters/<cluster>/clusterid}. LiteFS Cloud refused writes
 * from another id; LiteVFS sends a random id per process, so enforcement is optional.
 */
public final class ClusterIds {

    private static final Pattern CLUSTER_ID = Pattern.compile("LFSC[0-9A-F]{16}");

    private final StoreLayout layout;
    private final boolean enforce;
    private final Map<String, String> recorded = new ConcurrentHashMap<>();

    public ClusterIds(Path dataDirectory, boolean enforce) {
        this.layout = StoreLayout.of(dataDirectory);
        this.enforce = enforce;
    }

    /** The recorded id of a cluster, if any. */
    public @Nullable String recorded(String cluster) {
        String id = recorded.computeIfAbsent(cluster, this::read);
        return id.isEmpty() ? null : id;
    }

    /**
     * Records a writer's id if the cluster has none, and refuses a different one when enforcing.
     * Ids that are absent or malformed are ignored unless enforcing.
     */
    public synchronized void checkWriter(String cluster, @Nullable String clusterId) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            if (enforce) {
                throw new StoreException(ErrorCode.EBADCLUSTERID,
                        "Litefs-Cluster-Id must be LFSC followed by 16 uppercase hex digits");
            }
            return;
        }
        String existing = recorded(cluster);
        if (existing == null) {
            write(cluster, clusterId);
        } else if (enforce && !existing.equals(clusterId)) {
            throw new StoreException(ErrorCode.EBADCLUSTERID, "cluster id mismatch, expecting \"" + existing + "\"");
        }
    }

    private String read(String cluster) {
        Path file = layout.clusterIdFile(cluster);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String cluster, String clusterId) {
        try {
            DurableFiles.createDirectories(layout.cluster(cluster));
            DurableFiles.writeAtomically(layout.clusterIdFile(cluster), clusterId.getBytes(StandardCharsets.US_ASCII));
            recorded.put(cluster, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
