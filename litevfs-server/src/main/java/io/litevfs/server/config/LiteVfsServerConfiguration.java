package io.litevfs.server.config;

import io.litevfs.protocol.DirectoryLock;
import io.litevfs.protocol.OwnerOnly;
import io.litevfs.server.web.AccessPolicy;
import io.litevfs.server.web.AccessToken;
import io.litevfs.server.web.ClusterAccess;
import io.litevfs.server.web.ConnectionGuard;
import io.litevfs.server.web.EndpointLimits;
import io.litevfs.server.web.EventStreams;
import io.litevfs.server.web.RequestLineLimit;
import io.litevfs.store.PageStore;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.lease.Leases;
import io.litevfs.store.local.ClusterIds;
import io.litevfs.store.upload.StoreLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The page store's beans. The auto-configurations are imported by name, not discovered, so that an
 * embedded store started inside another application does not pick up that application's own
 * auto-configurations (a DataSource, security) from the shared classpath.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ConfigurationPropertiesAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        ReactorAutoConfiguration.class,
        NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class,
        WebFluxAutoConfiguration.class})
@EnableConfigurationProperties(LiteVfsServerProperties.class)
@ComponentScan(basePackageClasses = ClusterAccess.class)
@Import(BucketStoreConfiguration.class)
public class LiteVfsServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LiteVfsServerConfiguration.class);

    /**
     * Event loops of the store's own, not Reactor Netty's global ones: those are shared with every
     * WebClient of an embedding application, and closing the store must neither dispose them nor wait out
     * their shutdown quiet period.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setShutdownQuietPeriod(Duration.ZERO);
        return factory;
    }

    @Bean
    Clock litevfsClock() {
        return Clock.systemUTC();
    }

    @Bean
    EventStreams eventStreams() {
        return new EventStreams();
    }

    @Bean
    RetentionPolicy retentionPolicy(LiteVfsServerProperties properties) {
        return properties.getRetention().toPolicy();
    }

    /**
     * The store's claim on its data directory, taken before anything reads or writes there and given up
     * last: two stores on one directory would both acknowledge the same TXIDs and lose one another's uploads.
     */
    @Bean(destroyMethod = "close")
    DirectoryLock dataDirectoryLock(LiteVfsServerProperties properties) {
        return DirectoryLock.claim(properties.getDataDir(), "the page store's data directory",
                "another page store in this process", "every store needs a data directory of its own: set "
                        + "litevfs.server.data-dir (the store), or litevfs.embedded-store.data-directory (the starter's "
                        + "embedded store)");
    }

    /** The store on its own disk, the only copy of its history ({@code litevfs.server.storage=local}, the default). */
    @Bean
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "local", matchIfMissing = true)
    PageStore pageStore(LiteVfsServerProperties properties, DirectoryLock dataDirectoryLock, Clock clock,
                        EventStreams events, RetentionPolicy retention) throws IOException {
        OwnerOnly.createDirectories(properties.getDataDir());
        PageStore store = PageStore.onLocalDisk(properties.getDataDir(), clock, events, storeLimits(properties));
        log.info("[store] data directory {} holds {} database(s); history kept: {}",
                properties.getDataDir().toAbsolutePath(), store.databases().size(), retention);
        return store;
    }

    /**
     * In place of the store on a bucket when the S3 backend is not on the classpath: start-up stops at the
     * first bean that needs the store, saying what is missing.
     */
    @Bean
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "s3")
    @ConditionalOnMissingClass(BucketStoreConfiguration.FOLLOWER)
    PageStore pageStoreWithoutS3Backend() {
        throw new IllegalStateException("litevfs.server.storage=s3 needs the S3 backend, io.litevfs:litevfs-store-s3, "
                + "on the classpath (the store's executable jar has it; an application embedding a store adds it)");
    }

    static StoreLimits storeLimits(LiteVfsServerProperties properties) {
        LiteVfsServerProperties.Limits limits = properties.getLimits();
        return new StoreLimits(limits.getMaxDatabaseSize().toBytes(), limits.getMaxUploadPages().toBytes(),
                limits.getMaxDatabasesPerCluster());
    }

    @Bean
    ConnectionGuard connectionGuard(LiteVfsServerProperties properties) {
        LiteVfsServerProperties.Limits limits = properties.getLimits();
        return new ConnectionGuard(limits.getRequestHeadTimeout(), limits.getIdleTimeout(), limits.getBodyReadTimeout(),
                limits.getSendTimeout(), limits.getMaxConnectionsPerAddress());
    }

    @Bean
    RequestLineLimit requestLineLimit() {
        return new RequestLineLimit();
    }

    @Bean
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "local", matchIfMissing = true)
    Leases leases(Clock clock) {
        return new Leases(clock);
    }

    @Bean
    ClusterIds clusterIds(LiteVfsServerProperties properties, DirectoryLock dataDirectoryLock) {
        return new ClusterIds(properties.getDataDir(), properties.isEnforceClusterId());
    }

    @Bean
    EndpointLimits endpointLimits(LiteVfsServerProperties properties) {
        LiteVfsServerProperties.Limits limits = properties.getLimits();
        return new EndpointLimits(properties.getMaxUploadSize().toBytes(), limits.getBodyReadTimeout(),
                limits.getMaxPageAnswerSize().toBytes(), limits.getMaxPageAnswerMemory().toBytes(),
                limits.getMaxSnapshotsPerCluster(), limits.getSendTimeout(), properties.getMaxLeaseDuration());
    }

    @Bean
    AccessPolicy accessPolicy(LiteVfsServerProperties properties, Environment environment) {
        List<AccessToken> tokens = properties.getTokens().stream()
                .map(token -> new AccessToken(token.getCluster(), token.getToken())).toList();
        AccessPolicy policy = AccessPolicy.from(tokens, properties.getTokensFile(), properties.isOpen(),
                environment.getProperty("server.address"));
        if (policy.isOpen()) {
            log.warn("[store] open mode: no token is checked; every local process can read and write every database "
                    + "(web pages cannot: requests with a foreign Origin or Host are refused)");
        } else {
            log.info("[store] {} access token(s) configured", policy.tokenCount());
        }
        return policy;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService historyCompaction(PageStore store, LiteVfsServerProperties properties, Clock clock,
                                               RetentionPolicy retention) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("litevfs-history-compaction").daemon().factory());
        long interval = properties.getCompactionInterval().toMillis();
        executor.scheduleWithFixedDelay(
                () -> store.compactHistory(retention, clock.millis()),
                interval, interval, TimeUnit.MILLISECONDS);
        return executor;
    }
}
