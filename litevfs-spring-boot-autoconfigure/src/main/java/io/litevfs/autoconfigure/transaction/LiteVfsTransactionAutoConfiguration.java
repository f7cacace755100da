package io.litevfs.autoconfigure.transaction;

import com.zaxxer.hikari.HikariDataSource;
import io.litevfs.autoconfigure.LiteVfsAutoConfiguration;
import io.litevfs.autoconfigure.LiteVfsProperties;
import io.litevfs.core.JdbcUrls;
import io.litevfs.core.LiteVfs;
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
 * The transaction manager of a LiteVFS DataSource, with write leases for write transactions, and the
 * LiteVFS exception translator on JdbcTemplate.
 */
@AutoConfiguration(after = {LiteVfsAutoConfiguration.class, DataSourceAutoConfiguration.class},
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
        String url = dataSource instanceof HikariDataSource hikari ? hikari.getJdbcUrl() : null;
        String database = url == null ? null : JdbcUrls.databaseOf(url, liteVfs.name()).orElse(null);
        return new LiteVfsTransactionManager(dataSource, database, leases);
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
