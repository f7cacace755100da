package io.litevfs.store.s3;

/** One key of a listing, with the size of its object. */
public record ListedObject(String key, long size) {
}
