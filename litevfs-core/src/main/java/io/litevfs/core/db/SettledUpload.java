package io.litevfs.core.db;

import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.cloud.LtxUpload;
import io.litevfs.protocol.Pos;

/**
 * Uploads one LTX file whose resulting position is known, so that a lost answer never makes a landed
 * upload look failed: the position a file produces (TXID and checksum) is its own, so a refusal because
 * the store is already exactly there means an earlier attempt of the same file landed. Commits and
 * imports both go through here.
 *
 * <p>An answer lost (no answer, cut, 5xx) is settled by sending the same file again. The store takes one
 * upload of a database at a time, so the second waits for the first, and then either applies (the first
 * never arrived) or is refused with the position the first produced (it arrived): asking for the
 * position instead could see it before the first is done.
 */
public final class SettledUpload {

    private static final int RESEND_ATTEMPTS = 3;

    private final BlockingCloudClient client;

    public SettledUpload(BlockingCloudClient client) {
        this.client = client;
    }

    /**
     * Uploads {@code ltx} to {@code database} under {@code leaseId}; returns once the store holds it at
     * {@code expected}.
     *
     * @throws CloudException the store's refusal, or {@code EOUTCOMEUNKNOWN} when no attempt got an answer
     */
    public void send(String database, String leaseId, LtxUpload ltx, Pos expected) {
        try {
            client.upload(database, leaseId, ltx);
        } catch (CloudException e) {
            boolean ownEarlierAttempt = e.isPositionMismatch() && expected.equals(e.pos());
            if (!ownEarlierAttempt && (!e.isTransient() || !landedAfterResending(database, leaseId, ltx, expected))) {
                throw e;
            }
        }
    }

    private boolean landedAfterResending(String database, String leaseId, LtxUpload ltx, Pos expected) {
        CloudException last = null;
        for (int attempt = 0; attempt < RESEND_ATTEMPTS; attempt++) {
            try {
                client.upload(database, leaseId, ltx);
                return true;
            } catch (CloudException e) {
                if (e.isPositionMismatch()) {
                    return expected.equals(e.pos());
                }
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
            }
        }
        throw new CloudException(0, CloudException.OUTCOME_UNKNOWN, "the upload got no answer " + (RESEND_ATTEMPTS + 1)
                + " times (" + (last == null ? "" : last.getMessage()) + "); the next sync shows whether position "
                + expected + " was reached", null, last);
    }
}
