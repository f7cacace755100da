package io.litevfs.server.config;

import io.litevfs.protocol.DirectoryLock;
import io.litevfs.protocol.OwnerOnly;
import io.litevfs.server.web.EventStreams;
import io.litevfs.server.web.PeerNotifier;
import io.litevfs.store.PageStore;
import io.litevfs.store.bucket.BucketFollower;
import io.litevfs.store.bucket.BucketHistory;
import io.litevfs.store.bucket.BucketLeaseBook;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.lease.Leases;
import io.litevfs.store.s3.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The store on a bucket shared by replicas ({@code litevfs.server.storage=s3}): the bucket, the replica that
 * follows it, leases kept in it, and notifications to peers. Read only when the S3 backend
 * ({@code litevfs-store-s3}) is on the classpath, so that the rest of the store runs without it; the
 * conditions are read from this class's bytecode before it is loaded.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = BucketStoreConfiguration.FOLLOWER)
@ConditionalOnProperty(name = "litevfs.server.storage", havingValue = "s3")
class BucketStoreConfiguration {

    /** A class of the S3 backend, named so that its absence can be told without loading this class. */
    static final String FOLLOWER = "io.litevfs.store.bucket.BucketFollower";
    private static final Logger log = LoggerFactory.getLogger(BucketStoreConfiguration.class);

    /** The bucket, checked before anything else starts: reachable, and keeping the conditional-write promises. */
    @Bean(destroyMethod = "close")
    Bucket bucket(LiteVfsServerProperties properties) {
        return BucketStartup.connect(properties.getS3());
    }

    @Bean(destroyMethod = "close")
    BucketFollower bucketFollower(Bucket bucket, LiteVfsServerProperties properties, DirectoryLock dataDirectoryLock,
                                  Clock clock, EventStreams events, RetentionPolicy retention) throws IOException {
        OwnerOnly.createDirectories(properties.getDataDir());
        LiteVfsServerProperties.S3 s3 = properties.getS3();
        BucketHistory history = s3.getDurability() == LiteVfsServerProperties.Durability.LOCAL_DISK
                ? new BucketHistory(bucket, events, s3.getCacheSize().toBytes(), retention.transactions(),
                        properties.getDataDir(), requirePositive(s3.getWriteBehindLimit(), "litevfs.server.s3.write-behind-limit"))
                : new BucketHistory(bucket, events, s3.getCacheSize().toBytes(), retention.transactions());
        return BucketFollower.start(properties.getDataDir(), clock, events, LiteVfsServerConfiguration.storeLimits(properties),
                history, s3.getPollInterval());
    }

    /** The store the replica follows the bucket with; its local directory is a cache. */
    @Bean
    PageStore pageStore(BucketFollower follower, LiteVfsServerProperties properties, RetentionPolicy retention) {
        PageStore store = follower.store();
        log.info("[store] bucket {} (cache in {}) holds {} database(s); history kept: {}", properties.getS3().getBucket(),
                properties.getDataDir().toAbsolutePath(), store.databases().size(), retention);
        return store;
    }

    @Bean
    Leases leases(Clock clock, Bucket bucket, BucketFollower follower, LiteVfsServerProperties properties) {
        LiteVfsServerProperties.S3 s3 = properties.getS3();
        if (s3.getDurability() != LiteVfsServerProperties.Durability.LOCAL_DISK) {
            return new Leases(clock, new BucketLeaseBook(bucket), s3.getMaxClockSkew());
        }
        return new Leases(clock, new BucketLeaseBook(bucket), s3.getMaxClockSkew(), s3.getWriteBehindLimit(),
                follower::flushed);
    }

    @Bean(destroyMethod = "close")
    PeerNotifier peerNotifier(PageStore store, LiteVfsServerProperties properties) {
        PeerNotifier notifier = new PeerNotifier(properties.getPeers(), properties.getPeerToken());
        store.onCommit(notifier);
        return notifier;
    }

    private static Duration requirePositive(Duration duration, String property) {
        if (duration.isNegative() || duration.toMillis() < 20) {
            throw new IllegalArgumentException(property + " must be at least 20ms, not " + duration);
        }
        return duration;
    }
}
