package io.litevfs.autoconfigure.transaction;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A commit got no answer from the store, however often it was sent: it may have landed or not. Not a
 * concurrency failure, and not to be retried blindly: a retry of a commit that landed writes it twice.
 * Look whether its changes are there (the next sync brings them if it landed), then decide.
 */
public class LiteVfsCommitOutcomeUnknownException extends UncategorizedDataAccessException {

    public LiteVfsCommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
