package io.litevfs.store.s3;

/**
 * An object's content and the version tag a conditional write names to replace exactly it.
 */
public record StoredObject(byte[] content, String etag) {
}
