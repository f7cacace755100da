package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsCommitOutcomeUnknownException;
import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code @Transactional} commit that gets no answer from the store may have landed or not: Spring sees a
 * {@link LiteVfsCommitOutcomeUnknownException}, neither a success nor a concurrency failure that retry
 * policies would run again (and so write twice).
 */
class CommitOutcomeUnknownTests {

    @TempDir
    Path directory;

    @Test
    void aCommitThatGetsNoAnswerIsNeitherASuccessNorARetryableFailure() {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start()) {
            CloudClient real = WebClientCloudClient.create(new CloudOptions(URI.create(store.url()), null, null,
                    Duration.ofSeconds(10), Resilience.DEFAULTS));
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class,
                            DataSourceAutoConfiguration.class, LiteVfsTransactionAutoConfiguration.class))
                    .withPropertyValues("litevfs.cloud.url=" + store.url(), "litevfs.cache.directory=" + directory.resolve("cache"),
                            "litevfs.vfs-name=outcome-" + System.nanoTime(), "litevfs.datasource.database=outcome.db")
                    .withBean(CloudClient.class, () -> uploadsLost(real))
                    .run(context -> {
                        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                        TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
                        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> jdbc.execute("create table t(x)")))
                                .isInstanceOf(LiteVfsCommitOutcomeUnknownException.class)
                                .isNotInstanceOf(ConcurrencyFailureException.class)
                                .isNotInstanceOf(TransientDataAccessException.class)
                                .hasMessageContaining("may or may not have landed");
                        assertThat(jdbc.queryForObject("select count(*) from sqlite_schema", Integer.class)).isZero();
                    });
        }
    }

    /** The real client, but every upload is lost on its way, as on a connection reset before any answer. */
    private static CloudClient uploadsLost(CloudClient real) {
        return (CloudClient) Proxy.newProxyInstance(CloudClient.class.getClassLoader(), new Class<?>[] {CloudClient.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("upload")) {
                        return Mono.error(new CloudException(0, "ECONNRESET", "POST /db/tx: connection reset (by the test)",
                                null, null));
                    }
                    try {
                        return method.invoke(real, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
