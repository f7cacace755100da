package io.litevfs.autoconfigure.transaction;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A query needed more remote page requests than its budget ({@code litevfs.max-requests-per-query}, or
 * {@code PRAGMA litevfs_max_reqs_per_query} on its connection) and failed as a whole. Nothing is wrong with
 * the data: raise the budget, cache the database ({@code PRAGMA litevfs_cache_db}), or ask for less.
 */
public class LiteVfsRequestBudgetException extends DataAccessResourceFailureException {

    public LiteVfsRequestBudgetException(String message, Throwable cause) {
        super(message, cause);
    }
}
