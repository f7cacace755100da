package io.litevfs.core.cloud;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;

import java.util.List;

/**
 * What a node checks in every answer of what changed ({@code GET /db/sync}, each entry of {@code POST /sync})
 * before it acts on it: a position, and page numbers that are pages (1 to 2^31 - 1). A list of more than
 * {@value #MOST_PAGES_LISTED} page numbers is taken as "everything changed", which drops no less than the
 * list would and keeps the node's memory bounded whatever a store answers.
 *
 * <p>Where the answer gives each listed page's checksum at the node's position and at the new one (asked
 * for with {@code checksums=true}; a store gives them for up to a thousand pages), the changes must add up:
 * the node's position checksum, with every {@code before} taken out and every {@code after} put in, is the
 * new position's (on the 63 bits a database checksum keeps, its top bit being the flag). A changed page
 * left out of the list, or a checksum that is not the page's, cannot pass. An answer without them is taken
 * as it is, as LiteFS Cloud gave it.
 */
final class ChangesCheck {

    /** The longest list of changed pages a node keeps (256 MiB of 4 KiB pages). */
    static final int MOST_PAGES_LISTED = 1 << 16;

    private ChangesCheck() {
    }

    /** @throws CloudException {@link CloudException#BAD_RESPONSE}, naming the database and what is wrong */
    static DbChanges checked(String request, String database, DbChanges changes, Pos askedAt) {
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
        checkAddsUp(request, database, changes, pgnos, askedAt);
        return changes;
    }

    private static void checkAddsUp(String request, String database, DbChanges changes, List<Long> pgnos, Pos askedAt) {
        List<Checksum> before = changes.before();
        List<Checksum> after = changes.after();
        if (before == null || after == null || askedAt.isZero() || changes.pos().equals(askedAt)) {
            return;
        }
        if (before.size() != pgnos.size() || after.size() != pgnos.size()) {
            throw refused(request, database, pgnos.size() + " pages listed with " + before.size() + " checksums before and "
                    + after.size() + " after");
        }
        long sum = askedAt.postApplyChecksum().value();
        for (int i = 0; i < pgnos.size(); i++) {
            sum ^= before.get(i).value() ^ after.get(i).value();
        }
        if (((sum ^ changes.pos().postApplyChecksum().value()) & ~Checksum.FLAG) != 0) {
            throw refused(request, database, "the changes from " + askedAt + " do not add up to the checksum of "
                    + changes.pos() + ": a changed page was left out of the list, or a checksum given is not the page's");
        }
    }

    private static CloudException refused(String request, String database, String why) {
        return new CloudException(0, CloudException.BAD_RESPONSE, request + ": the changes of " + database
                + " were refused, the node stays where it is: " + why, null, null);
    }
}
