/**
 * History in a bucket shared by replicas: the bucket's layout ({@link io.litevfs.server.store.bucket.BucketKeys}),
 * committing and catching up ({@link io.litevfs.server.store.bucket.BucketHistory}), local copies of objects,
 * write-behind, leases recorded in the bucket, and the replica that loads and follows it
 * ({@link io.litevfs.server.store.bucket.BucketFollower}). The S3 client itself is {@code io.litevfs.server.s3}.
 */
@NullMarked
package io.litevfs.server.store.bucket;

import org.jspecify.annotations.NullMarked;
