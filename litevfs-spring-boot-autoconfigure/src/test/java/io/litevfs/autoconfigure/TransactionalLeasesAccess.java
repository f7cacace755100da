package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsTransactionManager;
import io.litevfs.autoconfigure.transaction.TransactionalLeases;
import io.litevfs.core.LiteVfs;

import javax.sql.DataSource;
import java.time.Duration;

/** A transaction manager of the test's database with a lease linger of its own. */
final class TransactionalLeasesAccess {

    interface Body {
        void run(LiteVfsTransactionManager manager) throws Exception;
    }

    private TransactionalLeasesAccess() {
    }

    static void withLinger(Duration linger, Body body, LiteVfs liteVfs, DataSource dataSource) throws Exception {
        try (TransactionalLeases leases = new TransactionalLeases(liteVfs, linger, Duration.ofSeconds(10))) {
            body.run(new LiteVfsTransactionManager(dataSource, "spring.db", leases));
        }
    }
}
