package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsRequestBudgetException;
import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.core.LiteVfs;
import io.litevfs.server.LiteVfsServer;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query past its request budget fails as a whole, and Spring says so: a {@link LiteVfsRequestBudgetException}
 * naming the budget and the pragma that raises it, never a bare "disk I/O error" that reads as a broken disk.
 */
class RequestBudgetTests {

    @TempDir
    Path directory;

    @Test
    void aQueryPastItsBudgetFailsNamingTheBudgetAndThePragma() {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class,
                            DataSourceAutoConfiguration.class, LiteVfsTransactionAutoConfiguration.class))
                    .withPropertyValues("litevfs.cloud.url=" + store.url(), "litevfs.cache.directory=" + directory.resolve("cache"),
                            "litevfs.vfs-name=budget-" + System.nanoTime(), "litevfs.datasource.database=budget.db",
                            "litevfs.max-requests-per-query=1")
                    .withUserConfiguration(JdbcTemplateConfiguration.class)
                    .run(context -> {
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
                            jdbc.execute("create table t(id integer primary key, v text)");
                            jdbc.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                                    + "insert into t select i, printf('%.*c', 500, 'v') from n");
                        });
                        context.getBean(DataSource.class).unwrap(HikariDataSource.class).getHikariPoolMXBean()
                                .softEvictConnections();
                        context.getBean(LiteVfs.class).dropCache("budget.db");
                        assertThatThrownBy(() -> jdbc.queryForObject("select sum(length(v)) from t", Long.class))
                                .isInstanceOf(LiteVfsRequestBudgetException.class)
                                .hasMessageContaining("more than 1 remote page requests")
                                .hasMessageContaining("PRAGMA litevfs_max_reqs_per_query");
                        assertThat(jdbc.queryForObject("select count(*) from sqlite_schema", Integer.class))
                                .as("the node is fine: a query within the budget runs").isEqualTo(1);
                    });
        }
    }

    /** An application's own {@code JdbcTemplate}, as Boot's auto-configuration would give it. */
    @Configuration(proxyBeanMethods = false)
    static class JdbcTemplateConfiguration {
        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }
    }
}
