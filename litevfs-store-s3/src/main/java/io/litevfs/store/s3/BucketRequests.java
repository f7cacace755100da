package io.litevfs.store.s3;

/**
 * Requests a {@link Bucket} has sent since it was connected, by billing kind: {@code PUT} (creates and
 * conditional replaces), {@code GET} of an object, {@code LIST} (each page of a listing), {@code DELETE}
 * and {@code HEAD}.
 */
public record BucketRequests(long puts, long gets, long lists, long deletes, long heads) {

    /** The requests sent between {@code earlier} and this count. */
    public BucketRequests since(BucketRequests earlier) {
        return new BucketRequests(puts - earlier.puts, gets - earlier.gets, lists - earlier.lists,
                deletes - earlier.deletes, heads - earlier.heads);
    }

    public long total() {
        return puts + gets + lists + deletes + heads;
    }
}
