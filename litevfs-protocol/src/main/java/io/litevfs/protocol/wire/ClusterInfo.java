package io.litevfs.protocol.wire;

/**
 * One cluster in the organisation listing of {@code GET /clusters}.
 *
 * @param orgID     organisation id
 * @param name      cluster name
 * @param region    region the cluster lives in
 * @param createdAt RFC 3339 creation time
 * @param updatedAt RFC 3339 time of the last change
 */
public record ClusterInfo(String orgID, String name, String region, String createdAt, String updatedAt) {
}
