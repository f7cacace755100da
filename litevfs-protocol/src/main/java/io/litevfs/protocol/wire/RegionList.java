package io.litevfs.protocol.wire;

import java.util.List;

/**
 * The {@code GET /regions} answer.
 *
 * @param regions region codes clusters can be created in
 */
public record RegionList(List<String> regions) {
}
