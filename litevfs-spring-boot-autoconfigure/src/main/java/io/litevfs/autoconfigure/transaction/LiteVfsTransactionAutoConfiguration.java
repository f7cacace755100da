package io.litevfs.autoconfigure.transaction;

import io.litevfs.autoconfigure.LiteVfsAutoConfiguration;
import io.litevfs.autoconfigure.LiteVfsProperties;
import io.litevfs.core.LiteVfs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionManager;

import javax.sql.DataSource;

/**
 * Write leases for every write the application makes through a LiteVFS DataSource: the transaction
 * manager of a LiteVFS DataSource when the application has none (with JPA, Boot's
 * {@code JpaTransactionManager} comes first, hence the ordering after Hibernate's configuration), the
 * lease listener on every transaction manager of one ({@link LeasingTransactionManagers}), schema
 * migrations and initialisation under the lease ({@link SchemaInitializationUnderLease}), and the LiteVFS
 * exception translator on JdbcTemplate.
 */
@AutoConfiguration(after = {LiteVfsAutoConfiguration.class, DataSourceAutoConfiguration.class},
        afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        before = DataSourceTransactionManagerAutoConfiguration.class)
@ConditionalOnClass({JdbcTransactionManager.class, LiteVfs.class})
@ConditionalOnBean(LiteVfs.class)
public final class LiteVfsTransactionAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    TransactionalLeases liteVfsTransactionalLeases(LiteVfs liteVfs, LiteVfsProperties properties) {
        return new TransactionalLeases(liteVfs, properties.getLease().getLinger(), properties.getLease().getAcquireTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    LiteVfsTransactionManager transactionManager(DataSource dataSource, LiteVfs liteVfs, TransactionalLeases leases) {
        return new LiteVfsTransactionManager(dataSource, LiteVfsDataSources.databaseOf(dataSource, liteVfs.name()), leases);
    }

    @Bean
    static LeasingTransactionManagers liteVfsLeasingTransactionManagers(ObjectProvider<LiteVfs> liteVfs,
                                                                         ObjectProvider<TransactionalLeases> leases) {
        return new LeasingTransactionManagers(liteVfs, leases);
    }

    @Bean
    static SchemaInitializationUnderLease liteVfsSchemaInitializationUnderLease(ObjectProvider<LiteVfs> liteVfs,
                                                                                ObjectProvider<DataSource> dataSource,
                                                                                ObjectProvider<TransactionalLeases> leases,
                                                                                org.springframework.core.env.Environment environment) {
        return new SchemaInitializationUnderLease(liteVfs, dataSource, leases, environment);
    }

    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor liteVfsJdbcTemplateTranslator() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JdbcTemplate template) {
                    template.setExceptionTranslator(new LiteVfsExceptionTranslator());
                }
                return bean;
            }
        };
    }
}
