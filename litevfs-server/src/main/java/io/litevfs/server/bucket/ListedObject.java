package io.litevfs.server.bucket;

/** One key of a listing, with the size of its object. */
public record ListedObject(String key, long size) {
}
