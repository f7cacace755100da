package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;

import javax.sql.DataSource;

/**
 * Makes every transaction manager of a LiteVFS DataSource take the write lease for write transactions,
 * whoever created it: Boot's JPA {@code JpaTransactionManager}, a {@code DataSourceTransactionManager} the
 * application declares, and so on. Each gets a {@link LeaseOnBegin} for its database; a manager whose
 * DataSource it cannot tell (another kind of manager) is left as it is, and its writes fail loudly with
 * SQLite's read-only error rather than being lost.
 */
final class LeasingTransactionManagers implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(LeasingTransactionManagers.class);

    private final ObjectProvider<LiteVfs> liteVfs;
    private final ObjectProvider<TransactionalLeases> leases;

    LeasingTransactionManagers(ObjectProvider<LiteVfs> liteVfs, ObjectProvider<TransactionalLeases> leases) {
        this.liteVfs = liteVfs;
        this.leases = leases;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ConfigurableTransactionManager manager) || hasLeaseListener(manager)) {
            return bean;
        }
        DataSource dataSource = LiteVfsDataSources.dataSourceOf(bean);
        LiteVfs vfs = liteVfs.getIfAvailable();
        String database = vfs == null ? null : LiteVfsDataSources.databaseOf(dataSource, vfs.name());
        if (database != null) {
            manager.addListener(new LeaseOnBegin(database, leases.getObject()));
            log.debug("[lease] transaction manager {} ({}): write transactions take the lease of {}", beanName,
                    bean.getClass().getSimpleName(), database);
        }
        return bean;
    }

    private static boolean hasLeaseListener(ConfigurableTransactionManager manager) {
        return manager.getTransactionExecutionListeners().stream().anyMatch(LeaseOnBegin.class::isInstance);
    }
}
