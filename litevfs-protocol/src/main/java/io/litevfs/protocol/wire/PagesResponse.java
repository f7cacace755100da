package io.litevfs.protocol.wire;

import java.util.List;

/**
 * The {@code GET /db/page} response: the pages asked for, as of the position asked for; pages beyond the
 * database's size are left out.
 *
 * @param pages the pages found, in the order asked
 */
public record PagesResponse(List<PageData> pages) {
}
