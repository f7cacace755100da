package io.litevfs.autoconfigure.transaction;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * The store refused a commit because another writer moved the database on since the transaction began.
 * Nothing of the transaction was kept: run it again (Spring Retry, or a loop, retries on
 * {@link ConcurrencyFailureException}).
 */
public class LiteVfsPositionMismatchException extends ConcurrencyFailureException {

    public LiteVfsPositionMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
