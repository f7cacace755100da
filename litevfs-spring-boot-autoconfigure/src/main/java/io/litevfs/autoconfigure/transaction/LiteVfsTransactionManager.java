package io.litevfs.autoconfigure.transaction;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

import javax.sql.DataSource;

/**
 * A {@link JdbcTransactionManager} for a DataSource opened through LiteVFS: a transaction that is not
 * read-only holds the database's write lease from before its first statement until it ends
 * ({@link LeaseOnBegin}); read-only transactions never touch it. A commit the store refused because the
 * database moved on becomes a {@link LiteVfsPositionMismatchException}.
 */
public class LiteVfsTransactionManager extends JdbcTransactionManager {

    /**
     * @param database the LiteVFS database of {@code dataSource}, or null when it is not one (the manager
     *                 then behaves as a plain JdbcTransactionManager)
     */
    public LiteVfsTransactionManager(DataSource dataSource, @Nullable String database, TransactionalLeases leases) {
        super(dataSource);
        setExceptionTranslator(new LiteVfsExceptionTranslator());
        if (database != null) {
            addListener(new LeaseOnBegin(database, leases));
        }
    }

    /**
     * After a commit the store refused, SQLite has already rolled the transaction back (an I/O error
     * ends it), so the rollback Spring then asks for finds none: that is the state wanted, not a new
     * failure hiding the real one.
     */
    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            super.doRollback(status);
        } catch (TransactionSystemException e) {
            Throwable cause = e.getMostSpecificCause();
            if (cause.getMessage() == null || !cause.getMessage().contains("no transaction is active")) {
                throw e;
            }
        }
    }
}
