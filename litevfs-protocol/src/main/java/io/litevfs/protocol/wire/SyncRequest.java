package io.litevfs.protocol.wire;

import io.litevfs.protocol.Pos;

import java.util.Map;

/**
 * The {@code POST /sync} body: the position a client has of each database it follows, the zero position
 * where it has none.
 *
 * @param positions position per database name
 */
public record SyncRequest(Map<String, Pos> positions) {
}
