package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.core.LiteVfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application contexts of one JVM with the same settings (Spring's test context cache keeps several alive)
 * each register a VFS of their own, with a cache of their own, and share the embedded store: each is a node
 * of the same database. A name comes free again when its context closes.
 */
class ContextVfsNamesTests {

    @TempDir
    Path directory;

    private final String vfs = "contexts-" + System.nanoTime();

    private ApplicationContextRunner sameSettings() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class, DataSourceAutoConfiguration.class,
                        LiteVfsTransactionAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                        "litevfs.cache.directory=" + directory.resolve("cache"), "litevfs.vfs-name=" + vfs,
                        "litevfs.datasource.database=contexts.db");
    }

    @Test
    void contextsWithTheSameSettingsAreNodesOfOneDatabaseEachWithItsOwnVfsAndCache() {
        sameSettings().run(first -> {
            write(first, "create table t(v text)", "insert into t values ('first')");
            sameSettings().run(second -> {
                sameSettings().run(third -> {
                    assertThat(first.getBean(LiteVfs.class).name()).isEqualTo(vfs);
                    assertThat(second.getBean(LiteVfs.class).name()).isEqualTo(vfs + "-2");
                    assertThat(third.getBean(LiteVfs.class).name()).isEqualTo(vfs + "-3");
                    assertThat(directory.resolve("cache-2")).isDirectory();
                    assertThat(directory.resolve("cache-3")).isDirectory();
                    write(third, "insert into t values ('third')");
                    assertThat(count(second)).isEqualTo(2);
                });
                write(second, "insert into t values ('second')");
                assertThat(count(first)).isEqualTo(3);
            });
            sameSettings().run(again -> {
                assertThat(again.getBean(LiteVfs.class).name()).as("the closed contexts' names are free again")
                        .isEqualTo(vfs + "-2");
                assertThat(count(again)).isEqualTo(3);
            });
        });
    }

    private static void write(ApplicationContext context, String... statements) {
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> jdbc.batchUpdate(statements));
    }

    /** The rows as the context sees them once synced (opening the database syncs it the first time). */
    private static int count(ApplicationContext context) {
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        jdbc.queryForObject("select 1", Integer.class);
        context.getBean(LiteVfs.class).syncNow("contexts.db");
        Integer rows = jdbc.queryForObject("select count(*) from t", Integer.class);
        return rows == null ? -1 : rows;
    }
}
