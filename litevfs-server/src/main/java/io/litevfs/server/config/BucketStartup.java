package io.litevfs.server.config;

import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketConformance;
import io.litevfs.store.s3.BucketSettings;
import io.litevfs.store.s3.BucketUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to the configured bucket at start-up and stops the store with one line naming what to fix
 * when it cannot: no bucket name, a bucket that does not exist or refuses the credentials, an endpoint
 * that does not answer, or a service whose conditional writes do not hold ({@link BucketConformance}).
 */
final class BucketStartup {

    private static final Logger log = LoggerFactory.getLogger(BucketStartup.class);

    private BucketStartup() {
    }

    static Bucket connect(LiteVfsServerProperties.S3 s3) {
        if (s3.getBucket().isBlank()) {
            throw new IllegalStateException("litevfs.server.storage=s3 needs litevfs.server.s3.bucket");
        }
        Bucket bucket;
        try {
            bucket = Bucket.connect(new BucketSettings(s3.getBucket(), s3.getPrefix(), s3.getEndpoint(), s3.getRegion(),
                    s3.isPathStyleAccess()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            bucket.checkReachable();
            BucketConformance.check(bucket);
        } catch (BucketUnavailableException e) {
            bucket.close();
            throw new IllegalStateException("cannot use the bucket of litevfs.server.s3.bucket=" + s3.getBucket()
                    + (s3.getEndpoint() == null ? "" : " at litevfs.server.s3.endpoint=" + s3.getEndpoint())
                    + " (check the bucket exists, the endpoint answers and AWS credentials are set): "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            bucket.close();
            throw e;
        }
        log.info("[store] bucket {}{} passed the conditional-write check; prefix \"{}\"", s3.getBucket(),
                s3.getEndpoint() == null ? "" : " at " + s3.getEndpoint(), s3.getPrefix());
        return bucket;
    }
}
