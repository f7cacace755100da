package io.litevfs.store.s3;

import org.jspecify.annotations.Nullable;

import java.net.URI;

/**
 * Where the bucket is.
 *
 * @param bucket          the bucket's name
 * @param prefix          prepended to every key (empty, or ending in {@code /})
 * @param endpoint        an S3-compatible service's address; null for AWS
 * @param region          null to take the SDK's default chain (then {@code us-east-1} beside an endpoint)
 * @param pathStyleAccess whether to address the bucket in the path, as most S3-compatible services want
 */
public record BucketSettings(String bucket, String prefix, @Nullable URI endpoint, @Nullable String region,
                             boolean pathStyleAccess) {

    public BucketSettings {
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("litevfs.server.s3.bucket is required with litevfs.server.storage=s3");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }
}
