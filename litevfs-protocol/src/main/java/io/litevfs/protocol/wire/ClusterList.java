package io.litevfs.protocol.wire;

import java.util.List;

/**
 * The {@code GET /clusters} answer: one page of the organisation's clusters.
 *
 * @param offset   index of the first cluster in this page
 * @param limit    page size asked for
 * @param total    number of clusters in all
 * @param clusters this page
 */
public record ClusterList(int offset, int limit, int total, List<ClusterInfo> clusters) {
}
