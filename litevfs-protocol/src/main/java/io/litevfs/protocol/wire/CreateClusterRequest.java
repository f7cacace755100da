package io.litevfs.protocol.wire;

/**
 * The {@code POST /clusters} body.
 *
 * @param cluster name of the cluster to create
 * @param region  region to create it in
 */
public record CreateClusterRequest(String cluster, String region) {
}
