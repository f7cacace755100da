package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code litevfs.embedded-store.temporary=true}: each context gets an empty store and cache of its own, in a
 * directory deleted when it closes, with the same settings otherwise (as a test's contexts have).
 */
@ExtendWith(OutputCaptureExtension.class)
class TemporaryStoreTests {

    private final ApplicationContextRunner temporary = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    LiteVfsTransactionAutoConfiguration.class))
            .withPropertyValues("litevfs.embedded-store.temporary=true", "litevfs.datasource.database=temporary.db",
                    "litevfs.vfs-name=temporary-" + System.nanoTime());

    @Test
    void eachContextStartsOnAnEmptyStoreOfItsOwnDeletedWhenItCloses(CapturedOutput output) {
        Path[] directories = new Path[2];
        temporary.run(first -> {
            directories[0] = first.getBean(TemporaryStoreDirectory.class).storeData().getParent();
            write(first, "create table t(v text)", "insert into t values ('first')");
            temporary.run(second -> {
                directories[1] = second.getBean(TemporaryStoreDirectory.class).storeData().getParent();
                assertThat(second.getBean(LiteVfsServer.class)).isNotSameAs(first.getBean(LiteVfsServer.class));
                assertThat(tables(second)).as("an empty store").isZero();
                assertThat(directories[1].resolve("cache-2")).as("its cache inside, named after its VFS").isDirectory();
            });
            assertThat(directories[1]).as("deleted with its context").doesNotExist();
            assertThat(tables(first)).isEqualTo(1);
        });
        assertThat(directories[0]).doesNotExist();
        assertThat(output.getOut()).contains("temporary embedded page store").doesNotContain("WARN").doesNotContain("ERROR");
    }

    private static void write(ApplicationContext context, String... statements) {
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> jdbc.batchUpdate(statements));
    }

    private static int tables(ApplicationContext context) {
        Integer count = new JdbcTemplate(context.getBean(DataSource.class))
                .queryForObject("select count(*) from sqlite_schema where type = 'table'", Integer.class);
        return count == null ? -1 : count;
    }
}
