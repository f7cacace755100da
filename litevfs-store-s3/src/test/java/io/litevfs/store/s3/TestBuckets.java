package io.litevfs.store.s3;

import io.litevfs.testing.S3Server;

/** Clients of a test {@link S3Server}'s bucket, to look at what a store keeps there. */
public final class TestBuckets {

    private TestBuckets() {
    }

    /** A client of {@code server}'s bucket under {@code prefix}. */
    public static Bucket connect(S3Server server, String prefix) {
        S3Server.credentials();
        return Bucket.connect(new BucketSettings(S3Server.BUCKET, prefix, server.endpoint(), S3Server.REGION, true));
    }
}
