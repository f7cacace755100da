package io.litevfs.server.config;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.protocol.DirectoryLock;
import io.litevfs.server.s3.Bucket;
import io.litevfs.server.store.bucket.BucketFollower;
import io.litevfs.server.store.bucket.BucketHistory;
import io.litevfs.server.store.bucket.BucketLeaseBook;
import io.litevfs.server.store.local.ClusterIds;
import io.litevfs.server.store.lease.LeaseRegistry;
import io.litevfs.server.store.PageStore;
import io.litevfs.server.store.history.PositionEvents;
import io.litevfs.server.store.compaction.RetentionPolicy;
import io.litevfs.server.store.upload.StoreLimits;
import io.litevfs.server.web.AccessPolicy;
import io.litevfs.server.web.AccessToken;
import io.litevfs.server.web.ClusterAccess;
import io.litevfs.server.web.ConnectionGuard;
import io.litevfs.server.web.RequestLineLimit;
import io.litevfs.server.web.EndpointLimits;
import io.litevfs.server.web.PeerNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
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
    PositionEvents positionEvents() {
        return new PositionEvents();
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

    @Bean
    PageStore pageStore(LiteVfsServerProperties properties, DirectoryLock dataDirectoryLock, Clock clock,
                        PositionEvents events, RetentionPolicy retention, ObjectProvider<BucketFollower> follower)
            throws IOException {
        OwnerOnly.createDirectories(properties.getDataDir());
        BucketFollower onBucket = follower.getIfAvailable();
        PageStore store = onBucket != null ? onBucket.store()
                : PageStore.onLocalDisk(properties.getDataDir(), clock, events, storeLimits(properties));
        log.info("[store] {} holds {} database(s); history kept: {}", onBucket != null
                        ? "bucket " + properties.getS3().getBucket() + " (cache in " + properties.getDataDir().toAbsolutePath() + ")"
                        : "data directory " + properties.getDataDir().toAbsolutePath(),
                store.databases().size(), retention);
        return store;
    }

    private static StoreLimits storeLimits(LiteVfsServerProperties properties) {
        LiteVfsServerProperties.Limits limits = properties.getLimits();
        return new StoreLimits(limits.getMaxDatabaseSize().toBytes(), limits.getMaxUploadPages().toBytes(),
                limits.getMaxDatabasesPerCluster());
    }

    /** The bucket, checked before anything else starts: reachable, and keeping the conditional-write promises. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "s3")
    Bucket bucket(LiteVfsServerProperties properties) {
        return BucketStartup.connect(properties.getS3());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "s3")
    BucketFollower bucketFollower(Bucket bucket, LiteVfsServerProperties properties, DirectoryLock dataDirectoryLock,
                                  Clock clock, PositionEvents events, RetentionPolicy retention) throws IOException {
        OwnerOnly.createDirectories(properties.getDataDir());
        LiteVfsServerProperties.S3 s3 = properties.getS3();
        BucketHistory history = s3.getDurability() == LiteVfsServerProperties.Durability.LOCAL_DISK
                ? new BucketHistory(bucket, events, s3.getCacheSize().toBytes(), retention.transactions(),
                        properties.getDataDir(), requirePositive(s3.getWriteBehindLimit(), "litevfs.server.s3.write-behind-limit"))
                : new BucketHistory(bucket, events, s3.getCacheSize().toBytes(), retention.transactions());
        return BucketFollower.start(properties.getDataDir(), clock, events, storeLimits(properties), history,
                s3.getPollInterval());
    }

    private static java.time.Duration requirePositive(java.time.Duration duration, String property) {
        if (duration.isNegative() || duration.toMillis() < 20) {
            throw new IllegalArgumentException(property + " must be at least 20ms, not " + duration);
        }
        return duration;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "s3")
    PeerNotifier peerNotifier(PageStore store, LiteVfsServerProperties properties) {
        PeerNotifier notifier = new PeerNotifier(properties.getPeers(), properties.getPeerToken());
        store.onCommit(notifier);
        return notifier;
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
    LeaseRegistry leaseRegistry(Clock clock, ObjectProvider<Bucket> bucket, ObjectProvider<BucketFollower> follower,
                                LiteVfsServerProperties properties) {
        Bucket shared = bucket.getIfAvailable();
        if (shared == null) {
            return new LeaseRegistry(clock);
        }
        LiteVfsServerProperties.S3 s3 = properties.getS3();
        if (s3.getDurability() != LiteVfsServerProperties.Durability.LOCAL_DISK) {
            return new LeaseRegistry(clock, new BucketLeaseBook(shared), s3.getMaxClockSkew());
        }
        BucketFollower replica = follower.getObject();
        return new LeaseRegistry(clock, new BucketLeaseBook(shared), s3.getMaxClockSkew(), s3.getWriteBehindLimit(),
                replica::flushed);
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
