package io.litevfs.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.litevfs.autoconfigure.data.JdbcSqliteDialect;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.PageEncoding;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.file.Path;

/**
 * Registers LiteVFS once per application context, under a name of its own when another context of this JVM
 * has the configured one ({@link ContextVfsNames}) (and unregisters it at shutdown), with a store client
 * on a {@link WebClient} of its own (on event loops of its own, see {@link LiteVfsHttpResources}, and the
 * application's {@link ObservationRegistry} when it has one), Resilience4j retry and circuit breaker, and a
 * description of {@code litevfs.datasource.database} from which Boot builds the DataSource.
 *
 * <p>Not Boot's {@code WebClient.Builder}: asking for it makes Boot build its shared connector on Reactor
 * Netty's global resources, whose disposal then waits a 2 s quiet period at every shutdown (measured by
 * {@code ShutdownTests}). An application that wants another client defines its own {@link CloudClient}. Every bean backs off when the application defines its own.
 *
 * <p>The DataSource itself is Boot's: this configuration describes the database to it
 * ({@link LiteVfsJdbcConnectionDetails}) and runs before {@code DataSourceAutoConfiguration}.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({LiteVfs.class, WebClient.class, CircuitBreaker.class, Retry.class})
@ConditionalOnBooleanProperty(name = "litevfs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiteVfsProperties.class)
@Import(EmbeddedStoreConfiguration.class)
public final class LiteVfsAutoConfiguration {

    static final String BEAN_NAME = "liteVfs";
    private static final String SPRING_DATASOURCE_URL = "spring.datasource.url";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("litevfs.cloud.url")
    LiteVfsStore liteVfsStore(LiteVfsProperties properties) {
        return new LiteVfsStore(required(properties.getCloud().getUrl(), "litevfs.cloud.url"), false, null);
    }

    @Bean
    @ConditionalOnMissingBean(name = "liteVfsCircuitBreaker")
    CircuitBreaker liteVfsCircuitBreaker(LiteVfsProperties properties, ObjectProvider<CircuitBreakerRegistry> registry) {
        CircuitBreakerRegistry userRegistry = registry.getIfAvailable();
        if (userRegistry != null) {
            return userRegistry.circuitBreaker("litevfs");
        }
        return properties.getResilience().toResilience().circuitBreaker();
    }

    @Bean
    @ConditionalOnMissingBean(name = "liteVfsRetry")
    Retry liteVfsRetry(LiteVfsProperties properties, ObjectProvider<RetryRegistry> registry) {
        RetryRegistry userRegistry = registry.getIfAvailable();
        if (userRegistry != null) {
            return userRegistry.retry("litevfs");
        }
        return properties.getResilience().toResilience().retry();
    }

    @Bean
    @ConditionalOnMissingBean
    LiteVfsHttpResources liteVfsHttpResources() {
        return new LiteVfsHttpResources();
    }

    @Bean
    @ConditionalOnMissingBean
    CloudClient liteVfsCloudClient(LiteVfsProperties properties, ObjectProvider<LiteVfsStore> store,
                                   ObjectProvider<ObservationRegistry> observations, CircuitBreaker liteVfsCircuitBreaker,
                                   Retry liteVfsRetry, LiteVfsHttpResources httpResources) {
        LiteVfsStore resolved = store.getIfAvailable();
        if (resolved == null) {
            throw new IllegalStateException("LiteVFS has no page store: set litevfs.cloud.url (e.g. http://127.0.0.1:20202) "
                    + "or LITEFS_CLOUD_HOST, or add io.litevfs:litevfs-server to the classpath for an embedded store "
                    + "(with litevfs.embedded-store.enabled not false)");
        }
        LiteVfsProperties.Cloud cloud = properties.getCloud();
        String token = resolved.token() != null ? resolved.token() : cloud.getToken();
        CloudOptions options = new CloudOptions(URI.create(resolved.url()), token, cloud.getCluster(),
                cloud.getRequestTimeout(), properties.getResilience().toResilience(), PageEncoding.BINARY,
                cloud.isAllowInsecureHttp());
        WebClient.Builder builder = WebClient.builder().clientConnector(httpResources.connector());
        observations.ifAvailable(builder::observationRegistry);
        return new WebClientCloudClient(options, builder, liteVfsCircuitBreaker, liteVfsRetry);
    }

    @Bean(name = BEAN_NAME, destroyMethod = "close")
    @ConditionalOnMissingBean
    LiteVfs liteVfs(LiteVfsProperties properties, CloudClient client, ObjectProvider<LiteVfsStore> store,
                    ObjectProvider<LiteVfsCustomizer> customizers, ObjectProvider<TemporaryStoreDirectory> temporary,
                    Environment environment) {
        LiteVfs.Builder builder = LiteVfs.builder()
                .storeUrl(store.getObject().url())
                .cloudClient(client)
                .syncPeriod(properties.getSync().getPeriod())
                .push(properties.getSync().getMode() == LiteVfsProperties.Sync.Mode.PUSH)
                .maxPrefetchPages(properties.getPrefetch().getMaxPages())
                .maxRequestsPerQuery(properties.getMaxRequestsPerQuery())
                .maxCachedPages(properties.getCache().getMaxPages())
                .minAvailableSpace(properties.getCache().getMinAvailableSpace().toBytes())
                .requestTimeout(properties.getCloud().getRequestTimeout())
                .leaseDuration(properties.getLease().getDuration());
        String application = environment.getProperty("spring.application.name");
        Path cache = properties.getCache().getDirectory();
        TemporaryStoreDirectory temporaryDirectory = temporary.getIfAvailable();
        if (cache == null && temporaryDirectory != null) {
            cache = temporaryDirectory.cache();
        }
        return ContextVfsNames.register(builder, properties.getVfsName(), cache,
                name -> ApplicationCacheDirectory.of(application, Path.of(""), name, System.getenv()),
                configured -> customizers.orderedStream().forEach(customizer -> customizer.customize(configured)));
    }

    @Bean
    @ConditionalOnMissingBean
    LiteVfsShutdown liteVfsShutdown(LiteVfs liteVfs) {
        return new LiteVfsShutdown(liteVfs);
    }

    /** Makes every DataSource wait for the VFS, so that one opened through it never finds it missing. */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor liteVfsDataSourceDependsOn() {
        return new DataSourcesDependOnLiteVfs();
    }

    static final class DataSourcesDependOnLiteVfs extends AbstractDependsOnBeanFactoryPostProcessor {
        DataSourcesDependOnLiteVfs() {
            super(DataSource.class, BEAN_NAME);
        }
    }

    /**
     * The database of {@code litevfs.datasource.database} as Boot's {@link JdbcConnectionDetails}, from
     * which Boot's {@code DataSourceAutoConfiguration} builds the application's pool, with LiteVFS's
     * defaults where {@code spring.datasource.hikari.*} sets nothing ({@link LiteVfsPoolDefaults}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DataSource.class, JdbcConnectionDetails.class})
    @ConditionalOnProperty("litevfs.datasource.database")
    static class JdbcConnectionConfiguration {

        @Bean
        @ConditionalOnMissingBean(JdbcConnectionDetails.class)
        LiteVfsJdbcConnectionDetails liteVfsJdbcConnectionDetails(LiteVfsProperties properties, LiteVfs liteVfs,
                                                                  Environment environment) {
            String database = required(properties.getDatasource().getDatabase(), "litevfs.datasource.database");
            String url = environment.getProperty(SPRING_DATASOURCE_URL);
            if (url != null && !url.isBlank()) {
                throw new IllegalStateException("both litevfs.datasource.database (" + database + ") and "
                        + SPRING_DATASOURCE_URL + " (" + url + ") name the application's database: keep one. "
                        + "litevfs.datasource.database opens it through this application's VFS, whatever its name");
            }
            return new LiteVfsJdbcConnectionDetails(liteVfs, database);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(HikariDataSource.class)
        static class PoolDefaultsConfiguration {

            @Bean
            static LiteVfsPoolDefaults liteVfsPoolDefaults(ObjectProvider<LiteVfsJdbcConnectionDetails> details,
                                                           ObjectProvider<LiteVfsProperties> properties, Environment environment) {
                return new LiteVfsPoolDefaults(details, properties, environment);
            }
        }
    }

    /**
     * Spring Data JDBC's dialect for the LiteVFS database, given rather than detected: Boot would open a
     * connection at start-up to detect it, which needs the store, so an application whose store is away
     * could not start (and report itself down) until it came back.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcDialect.class)
    @ConditionalOnProperty("litevfs.datasource.database")
    static class DataJdbcDialectConfiguration {

        @Bean
        @ConditionalOnMissingBean(JdbcDialect.class)
        JdbcDialect liteVfsJdbcDialect() {
            return JdbcSqliteDialect.INSTANCE;
        }
    }

    /** A property its bean's condition requires to be set. */
    private static String required(@Nullable String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is empty");
        }
        return value;
    }
}
