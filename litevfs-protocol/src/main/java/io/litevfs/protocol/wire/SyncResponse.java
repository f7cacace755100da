package io.litevfs.protocol.wire;

import java.util.Map;

/**
 * The {@code POST /sync} response: an entry for every database the request named.
 *
 * @param changes changes per database name
 */
public record SyncResponse(Map<String, DbChanges> changes) {
}
