/**
 * Object storage as the store uses it: a bucket (S3 or S3-compatible) whose conditional writes order
 * commits and leases, with errors turned into the few outcomes the store acts on.
 */
@NullMarked
package io.litevfs.store.s3;

import org.jspecify.annotations.NullMarked;
