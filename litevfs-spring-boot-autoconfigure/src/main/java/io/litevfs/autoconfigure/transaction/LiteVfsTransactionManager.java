package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

import javax.sql.DataSource;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A {@link JdbcTransactionManager} for a DataSource opened through LiteVFS: a transaction that is not
 * read-only takes the database's write lease before its first statement and gives it back (see
 * {@link TransactionalLeases}) after commit or rollback; read-only transactions never touch it. A
 * commit the store refused because the database moved on becomes a
 * {@link LiteVfsPositionMismatchException}.
 */
public class LiteVfsTransactionManager extends JdbcTransactionManager {

    private final @Nullable String database;
    private final TransactionalLeases leases;
    /** The hold on the lease of each write transaction (by the identity of its transaction object). */
    private final Map<Object, WriteLease> holds = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * @param database the LiteVFS database of {@code dataSource}, or null when it is not one (the manager
     *                 then behaves as a plain JdbcTransactionManager)
     */
    public LiteVfsTransactionManager(DataSource dataSource, @Nullable String database, TransactionalLeases leases) {
        super(dataSource);
        this.database = database;
        this.leases = leases;
        setExceptionTranslator(new LiteVfsExceptionTranslator());
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        LiteVfs.clearLastError();
        if (database == null || definition.isReadOnly()) {
            super.doBegin(transaction, definition);
            return;
        }
        WriteLease hold = leases.begin(database);
        try {
            super.doBegin(transaction, definition);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        holds.put(transaction, hold);
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

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            WriteLease hold = holds.remove(transaction);
            if (hold != null) {
                leases.end(hold);
            }
        }
    }
}
