package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.vfs.SqliteCodes;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import java.sql.SQLException;

/**
 * Recognises LiteVFS failures that sqlite-jdbc reports as a generic I/O error (it does not pass on
 * codes it does not know), by the calling thread's last LiteVFS failure: a position mismatch becomes a
 * {@link LiteVfsPositionMismatchException} (retryable); a commit that got no answer a
 * {@link LiteVfsCommitOutcomeUnknownException} (not retryable as it is); a query past its request budget a
 * {@link LiteVfsRequestBudgetException} with the budget and the pragma in its message; other LiteVFS failures keep their
 * message in the exception.
 */
public class LiteVfsExceptionTranslator implements SQLExceptionTranslator {

    private final SQLExceptionTranslator fallback = new SQLExceptionSubclassTranslator();

    @Override
    public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
        String message = LiteVfs.lastError();
        if (message != null && LiteVfs.lastErrorCode() == SqliteCodes.IOERR_POSITION_MISMATCH) {
            LiteVfs.clearLastError();
            return new LiteVfsPositionMismatchException(task + ": " + message, ex);
        }
        if (message != null && LiteVfs.lastErrorCode() == SqliteCodes.IOERR_OUTCOME_UNKNOWN) {
            LiteVfs.clearLastError();
            return new LiteVfsCommitOutcomeUnknownException(task + ": " + message, ex);
        }
        if (message != null && LiteVfs.lastErrorCode() == SqliteCodes.IOERR_REQUEST_BUDGET) {
            LiteVfs.clearLastError();
            return new LiteVfsRequestBudgetException(task + ": " + message, ex);
        }
        DataAccessException translated = fallback.translate(task, sql, ex);
        if (message != null && translated != null) {
            LiteVfs.clearLastError();
            translated.addSuppressed(new IllegalStateException(message));
        }
        return translated;
    }
}
