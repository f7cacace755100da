package io.litevfs.core.cloud;

import io.litevfs.protocol.wire.DbChanges;

import java.util.List;

/**
 * What a node checks in every answer of what changed ({@code GET /db/sync}, each entry of {@code POST /sync})
 * before it acts on it: a position, and page numbers that are pages (1 to 2^31 - 1). A list of more than
 * {@value #MOST_PAGES_LISTED} page numbers is taken as "everything changed", which drops no less than the
 * list would and keeps the node's memory bounded whatever a store answers.
 */
final class ChangesCheck {

    /** The longest list of changed pages a node keeps (256 MiB of 4 KiB pages). */
    static final int MOST_PAGES_LISTED = 1 << 16;

    private ChangesCheck() {
    }

    /** @throws CloudException {@link CloudException#BAD_RESPONSE}, naming the database and what is wrong */
    static DbChanges checked(String request, String database, DbChanges changes) {
        if (changes.pos() == null) {
            throw refused(request, database, "it has no position");
        }
        List<Long> pgnos = changes.pgnos();
        if (changes.refetchAll() || pgnos == null) {
            return changes;
        }
        if (pgnos.size() > MOST_PAGES_LISTED) {
            return DbChanges.everything(changes.pos());
        }
        for (Long pgno : pgnos) {
            if (pgno == null || pgno < 1 || pgno > Integer.MAX_VALUE) {
                throw refused(request, database, "page number " + pgno + " is not a page");
            }
        }
        return changes;
    }

    private static CloudException refused(String request, String database, String why) {
        return new CloudException(0, CloudException.BAD_RESPONSE, request + ": the changes of " + database
                + " were refused, the node stays where it is: " + why, null, null);
    }
}
