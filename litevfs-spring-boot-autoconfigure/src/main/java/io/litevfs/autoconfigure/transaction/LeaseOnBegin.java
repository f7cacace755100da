package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Takes the write lease of one LiteVFS database for every write transaction a transaction manager
 * begins, and ends that hold when the transaction completes. It listens to any kind of transaction
 * manager (JDBC, JPA, ...), so whatever manager an application has, its write transactions hold the
 * lease ({@link LeasingTransactionManagers} adds it to each one of a LiteVFS DataSource).
 *
 * <p>A hold is taken before the transaction begins, so before its connection runs a statement and after
 * the node caught up with the store; read-only transactions take none. It ends when the transaction
 * commits or rolls back (the listener's after-commit and after-rollback calls, and a synchronization
 * registered at begin, which Spring runs after completion on every path), or at once when the begin
 * fails. Holds are kept by the identity of the transaction, so a second end is no end.
 */
public final class LeaseOnBegin implements TransactionExecutionListener {

    private final String database;
    private final TransactionalLeases leases;
    private final Map<TransactionExecution, WriteLease> holds = Collections.synchronizedMap(new IdentityHashMap<>());

    public LeaseOnBegin(String database, TransactionalLeases leases) {
        this.database = database;
        this.leases = leases;
    }

    public String database() {
        return database;
    }

    @Override
    public void beforeBegin(TransactionExecution transaction) {
        LiteVfs.clearLastError();
        if (!transaction.isReadOnly()) {
            holds.put(transaction, leases.begin(database));
        }
    }

    @Override
    public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
        if (beginFailure != null) {
            end(transaction);
        } else if (holds.containsKey(transaction) && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    end(transaction);
                }
            });
        }
    }

    @Override
    public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
        end(transaction);
    }

    @Override
    public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
        end(transaction);
    }

    private void end(TransactionExecution transaction) {
        WriteLease hold = holds.remove(transaction);
        if (hold != null) {
            leases.end(hold);
        }
    }
}
