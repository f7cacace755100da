package io.litevfs.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.autoconfigure.actuate.LiteVfsActuatorAutoConfiguration;
import io.litevfs.autoconfigure.actuate.LiteVfsEndpoint;
import io.litevfs.autoconfigure.actuate.LiteVfsHealthIndicator;
import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.autoconfigure.transaction.LiteVfsTransactionManager;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LiteVfsAutoConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class,
                        LiteVfsTransactionAutoConfiguration.class, LiteVfsActuatorAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                        "litevfs.cache.directory=" + directory.resolve("cache"),
                        "litevfs.vfs-name=autoconfig-" + System.nanoTime());
    }

    /** With Boot's DataSource auto-configuration, which builds the pool from LiteVFS's connection details. */
    private ApplicationContextRunner dataSourceRunner() {
        return contextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class));
    }

    @Test
    void startsAnEmbeddedStoreAndRegistersTheVfsByDefault() {
        contextRunner().run(context -> {
            assertThat(context).hasSingleBean(LiteVfs.class).hasSingleBean(CloudClient.class)
                    .hasSingleBean(CircuitBreaker.class).hasSingleBean(LiteVfsServer.class)
                    .hasSingleBean(LiteVfsHealthIndicator.class).doesNotHaveBean(LiteVfsEndpoint.class);
            assertThat(context.getBean(LiteVfsStore.class).embedded()).isTrue();
            assertThat(context).doesNotHaveBean(DataSource.class);
        });
    }

    @Test
    void anEmbeddedStoreNobodyAskedForIsAWarningAndAnExplicitOneIsNot(CapturedOutput output) {
        contextRunner().run(context -> assertThat(context).hasSingleBean(LiteVfsServer.class));
        assertThat(output.getOut()).contains("WARN").contains("no store named (litevfs.cloud.url, or LITEFS_CLOUD_HOST)");
        int before = output.getOut().length();
        contextRunner().withPropertyValues("litevfs.embedded-store.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(LiteVfsServer.class));
        assertThat(output.getOut().substring(before)).doesNotContain("no store named")
                .contains("started the embedded page store");
    }

    @Test
    void theEmbeddedStoreChecksARandomTokenKnownToItsOwnClientAndItsOwner() {
        contextRunner().run(context -> {
            LiteVfsStore store = context.getBean(LiteVfsStore.class);
            assertThat(store.token()).startsWith("embedded-").hasSizeGreaterThan(40);
            assertThat(store.toString()).doesNotContain(store.token());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI pos = java.net.URI.create(store.url() + "/pos");
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(pos).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as("without the token").isEqualTo(401);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(pos).header("Authorization", store.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(context.getBean(CloudClient.class).positions().block(java.time.Duration.ofSeconds(10))).isNotNull();
            java.nio.file.Path tokenFile = directory.resolve("store").resolve(EmbeddedStoreConfiguration.TOKEN_FILE);
            assertThat(tokenFile).hasContent(store.token());
            assertThat(java.nio.file.Files.getPosixFilePermissions(tokenFile)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        });
    }

    @Test
    void usesTheConfiguredStoreInsteadOfAnEmbeddedOne(@TempDir Path storeData) {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(storeData).openAccess().start()) {
            contextRunner().withPropertyValues("litevfs.cloud.url=" + store.url()).run(context -> {
                assertThat(context).hasSingleBean(LiteVfs.class).doesNotHaveBean(LiteVfsServer.class);
                assertThat(context.getBean(LiteVfsStore.class)).isEqualTo(new LiteVfsStore(store.url(), false, null));
            });
        }
    }

    @Test
    void failsAtStartUpNamingThePropertyWithoutAStore() {
        contextRunner().withClassLoader(new FilteredClassLoader(LiteVfsServer.class)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("litevfs.cloud.url");
        });
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner().withPropertyValues("litevfs.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LiteVfs.class).doesNotHaveBean(LiteVfsServer.class));
    }

    @Test
    void backsOffWithoutWebFluxOrResilience4j() {
        contextRunner().withClassLoader(new FilteredClassLoader(org.springframework.web.reactive.function.client.WebClient.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LiteVfs.class));
        contextRunner().withClassLoader(new FilteredClassLoader(CircuitBreaker.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LiteVfs.class));
    }

    @Test
    void backsOffWhenUserDefinesCloudClient() {
        contextRunner().withUserConfiguration(UserCloudClient.class).run(context ->
                assertThat(context.getBean(CloudClient.class)).isSameAs(context.getBean(UserCloudClient.class).client));
    }

    @Test
    void backsOffWhenUserDefinesCircuitBreaker() {
        contextRunner().withUserConfiguration(UserCircuitBreaker.class).run(context ->
                assertThat(context.getBean("liteVfsCircuitBreaker", CircuitBreaker.class).getName()).isEqualTo("mine"));
    }

    @Test
    void bootBuildsThePoolFromLiteVfsConnectionDetailsWithLiteVfsDefaults() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=demo.db").run(context -> {
            assertThat(context.getBean(JdbcConnectionDetails.class)).isInstanceOf(LiteVfsJdbcConnectionDetails.class);
            HikariDataSource dataSource = context.getBean(HikariDataSource.class);
            assertThat(dataSource.getJdbcUrl()).isEqualTo(context.getBean(LiteVfs.class).jdbcUrl("demo.db"));
            assertThat(dataSource.getDriverClassName()).isEqualTo("org.sqlite.JDBC");
            assertThat(dataSource.getMaximumPoolSize()).isEqualTo(4);
            assertThat(dataSource.getMinimumIdle()).isZero();
            assertThat(dataSource.getPoolName()).isEqualTo("litevfs-demo.db");
            assertThat(context).hasSingleBean(LiteVfsTransactionManager.class);
        });
    }

    @Test
    void springDatasourceHikariSettingsWinOverLiteVfsDefaults() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=hikari.db",
                "litevfs.datasource.properties.foreign_keys=true", "litevfs.datasource.properties.busy_timeout=1234",
                "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=1",
                "spring.datasource.hikari.pool-name=mine", "spring.datasource.hikari.data-source-properties.foreign_keys=false")
                .run(context -> {
                    HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                    assertThat(dataSource.getMaximumPoolSize()).isEqualTo(2);
                    assertThat(dataSource.getMinimumIdle()).isEqualTo(1);
                    assertThat(dataSource.getPoolName()).isEqualTo("mine");
                    assertThat(dataSource.getDataSourceProperties()).containsEntry("foreign_keys", "false")
                            .containsEntry("busy_timeout", "1234");
                    try (java.sql.Connection connection = dataSource.getConnection();
                         java.sql.ResultSet keys = connection.createStatement().executeQuery("pragma foreign_keys")) {
                        keys.next();
                        assertThat(keys.getInt(1)).isZero();
                    }
                });
    }

    @Test
    void withoutBootsDataSourceAutoConfigurationThereIsNoDataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class, LiteVfsTransactionAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                        "litevfs.cache.directory=" + directory.resolve("cache"),
                        "litevfs.vfs-name=excluded-" + System.nanoTime(), "litevfs.datasource.database=demo.db")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(LiteVfs.class)
                        .doesNotHaveBean(DataSource.class));
    }

    @Test
    void anApplicationsOwnDataSourceWins() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=demo.db")
                .withBean("myDataSource", DataSource.class, () -> new org.sqlite.SQLiteDataSource())
                .run(context -> assertThat(context.getBean(DataSource.class)).isInstanceOf(org.sqlite.SQLiteDataSource.class));
    }

    @Test
    void aSpringDatasourceUrlBesideTheLiteVfsDatabaseIsRefusedNamingBoth() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=demo.db", "spring.datasource.url=jdbc:sqlite:other.db")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("litevfs.datasource.database (demo.db)")
                        .hasMessageContaining("spring.datasource.url (jdbc:sqlite:other.db)"));
    }

    /**
     * sqlite-jdbc's connection properties reach every pooled connection: foreign keys enforced, and dates
     * stored as 'yyyy-MM-dd' text (as PetClinic's are) read as dates, which sqlite-jdbc's defaults refuse.
     */
    @Test
    void sqliteJdbcConnectionPropertiesReachEveryPooledConnection() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=props.db",
                "litevfs.datasource.properties.foreign_keys=true", "litevfs.datasource.properties.date_class=TEXT",
                "litevfs.datasource.properties.date_string_format=yyyy-MM-dd").run(context -> {
            LiteVfs liteVfs = context.getBean(LiteVfs.class);
            try (java.sql.Connection connection = context.getBean(DataSource.class).getConnection();
                 java.sql.Statement statement = connection.createStatement()) {
                try (java.sql.ResultSet keys = statement.executeQuery("pragma foreign_keys")) {
                    keys.next();
                    assertThat(keys.getInt(1)).isEqualTo(1);
                }
                liteVfs.withWriteLease("props.db", java.time.Duration.ofSeconds(10), () -> {
                    statement.execute("create table visits(id integer primary key, visit_date date)");
                    return statement.execute("insert into visits(visit_date) values ('2002-08-06')");
                });
                try (java.sql.ResultSet dates = statement.executeQuery("select visit_date from visits")) {
                    dates.next();
                    assertThat(dates.getDate(1).toLocalDate()).isEqualTo(java.time.LocalDate.of(2002, 8, 6));
                }
            }
        });
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=props.db").run(context -> {
            try (java.sql.Connection connection = context.getBean(DataSource.class).getConnection();
                 java.sql.ResultSet keys = connection.createStatement().executeQuery("pragma foreign_keys")) {
                keys.next();
                assertThat(keys.getInt(1)).as("sqlite-jdbc's default without the property").isZero();
            }
        });
    }

    @Test
    void aSpringDatasourceUrlThroughTheVfsWorksToo() {
        String vfs = "datasource-url-" + System.nanoTime();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        LiteVfsTransactionAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store-url"),
                        "litevfs.cache.directory=" + directory.resolve("cache-url"), "litevfs.vfs-name=" + vfs,
                        "spring.datasource.url=jdbc:sqlite:file:url.db?vfs=" + vfs)
                .run(context -> {
                    assertThat(context).hasSingleBean(LiteVfsTransactionManager.class);
                    try (java.sql.Connection connection = context.getBean(DataSource.class).getConnection();
                         java.sql.ResultSet result = connection.createStatement().executeQuery("pragma litevfs_position")) {
                        result.next();
                        assertThat(result.getString(1)).isEqualTo("0000000000000000/0000000000000000");
                    }
                });
    }

    @Test
    void aSpringDatasourceUrlNamingTheVfsTwiceIsRefusedAtStartUp() {
        String vfs = "datasource-twice-" + System.nanoTime();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        LiteVfsTransactionAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store-twice"),
                        "litevfs.cache.directory=" + directory.resolve("cache-twice"), "litevfs.vfs-name=" + vfs,
                        "spring.datasource.url=jdbc:sqlite:file:twice.db?vfs=unix&vfs=" + vfs)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("names a VFS more than once"));
    }

    @Test
    void usesTheApplicationsResilience4jInstancesNamedLitevfs() {
        contextRunner().withUserConfiguration(UserRegistries.class).run(context -> {
            assertThat(context.getBean("liteVfsCircuitBreaker", CircuitBreaker.class).getCircuitBreakerConfig()
                    .getFailureRateThreshold()).isEqualTo(12.5f);
            assertThat(context.getBean("liteVfsRetry", io.github.resilience4j.retry.Retry.class).getRetryConfig()
                    .getMaxAttempts()).isEqualTo(7);
        });
    }

    @Test
    void noDataSourceWithoutHikari() {
        dataSourceRunner().withPropertyValues("litevfs.datasource.database=demo.db")
                .withClassLoader(new FilteredClassLoader(HikariDataSource.class))
                .run(context -> assertThat(context).hasSingleBean(LiteVfs.class).doesNotHaveBean(DataSource.class));
    }

    @Test
    void providesTheEndpointWhenExposed() {
        contextRunner().withPropertyValues("management.endpoints.web.exposure.include=litevfs")
                .run(context -> assertThat(context).hasSingleBean(LiteVfsEndpoint.class));
    }

    @Test
    void noEndpointWithoutActuator() {
        contextRunner().withPropertyValues("management.endpoints.web.exposure.include=litevfs")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(LiteVfs.class).doesNotHaveBean(LiteVfsEndpoint.class));
    }

    @Test
    void appliesCustomizersInOrder() {
        contextRunner().withUserConfiguration(Customizers.class).run(context -> {
            assertThat(context.getBean(Customizers.class).applied).containsExactly("first", "second");
            assertThat(context.getBean(LiteVfs.class).name()).isEqualTo("customized");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCloudClient {
        final CloudClient client = io.litevfs.core.cloud.WebClientCloudClient.create(new io.litevfs.core.cloud.CloudOptions(
                java.net.URI.create("http://127.0.0.1:9"), null, null, java.time.Duration.ofSeconds(1),
                io.litevfs.core.cloud.Resilience.DEFAULTS.withRetries(0)));

        @Bean
        CloudClient userClient() {
            return client;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistries {
        @Bean
        io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry circuitBreakerRegistry() {
            return io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.of(
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom().failureRateThreshold(12.5f).build());
        }

        @Bean
        io.github.resilience4j.retry.RetryRegistry retryRegistry() {
            return io.github.resilience4j.retry.RetryRegistry.of(io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(7).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCircuitBreaker {
        @Bean
        CircuitBreaker liteVfsCircuitBreaker() {
            return CircuitBreaker.ofDefaults("mine");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final List<String> applied = new ArrayList<>();

        @Bean
        @Order(2)
        LiteVfsCustomizer second() {
            return builder -> {
                applied.add("second");
                builder.vfsName("customized");
            };
        }

        @Bean
        @Order(1)
        LiteVfsCustomizer first() {
            return builder -> applied.add("first");
        }
    }
}
