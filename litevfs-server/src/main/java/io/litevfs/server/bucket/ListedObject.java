package io.litevfs.server.bucket;

/**
 * One key of a listing, with the bucket's own time of its last write (the same for every replica).
 */
public record ListedObject(String key, long size, long lastModifiedMs) {
}
