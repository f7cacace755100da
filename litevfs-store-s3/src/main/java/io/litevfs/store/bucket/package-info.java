/**
 * History in a bucket shared by replicas: the bucket's layout ({@link io.litevfs.store.bucket.BucketKeys}),
 * committing and catching up ({@link io.litevfs.store.bucket.BucketHistory}), local copies of objects,
 * write-behind, leases recorded in the bucket, and the replica that loads and follows it
 * ({@link io.litevfs.store.bucket.BucketFollower}). The S3 client itself is {@code io.litevfs.store.s3}.
 */
@NullMarked
package io.litevfs.store.bucket;

import org.jspecify.annotations.NullMarked;
