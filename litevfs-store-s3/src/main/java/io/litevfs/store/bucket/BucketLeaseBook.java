package io.litevfs.store.bucket;

import io.litevfs.store.lease.LeaseBook;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.StoredObject;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Lease records as objects in the bucket ({@code .../LEASE}), created with {@code If-None-Match: *} and
 * replaced with {@code If-Match: <etag>}; a release is a replace that marks the record released, so the
 * record of the last lease stays readable. Every replica reads the same record, so a lease survives a
 * store restart and is granted, refreshed or checked by any replica.
 *
 * <p>The record is a few {@code name=value} lines: {@code id}, {@code granted-at}, {@code expires-at}
 * (milliseconds since the epoch), {@code released}, {@code write-behind-ms} and
 * {@code written-behind-by} (absent in records written before they existed: 0 and empty).
 */
public final class BucketLeaseBook implements LeaseBook {

    private final Bucket bucket;

    public BucketLeaseBook(Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public @Nullable Versioned read(String cluster, String database) {
        StoredObject object = bucket.get(BucketKeys.lease(cluster, database));
        return object == null ? null : new Versioned(decode(object.content()), object.etag());
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public boolean create(String cluster, String database, Entry entry) {
        return bucket.createIfAbsent(BucketKeys.lease(cluster, database), encode(entry));
    }

    @Override
    public boolean replace(String cluster, String database, Entry entry, String version) {
        return bucket.replaceIfMatch(BucketKeys.lease(cluster, database), encode(entry), version);
    }

    static byte[] encode(Entry entry) {
        return ("id=" + entry.id() + "\ngranted-at=" + entry.grantedAt().toEpochMilli() + "\nexpires-at="
                + entry.expiresAt().toEpochMilli() + "\nreleased=" + entry.released() + "\nwrite-behind-ms=" + entry.writeBehind().toMillis()
                + "\nwritten-behind-by=" + entry.writtenBehindBy()
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Entry decode(byte[] content) {
        Map<String, String> fields = new HashMap<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        try {
            return new Entry(required(fields, "id"), Instant.ofEpochMilli(Long.parseLong(required(fields, "granted-at"))),
                    Instant.ofEpochMilli(Long.parseLong(required(fields, "expires-at"))),
                    Boolean.parseBoolean(required(fields, "released")),
                    Duration.ofMillis(Long.parseLong(fields.getOrDefault("write-behind-ms", "0"))),
                    fields.getOrDefault("written-behind-by", ""));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a lease record in the bucket is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("a lease record in the bucket has no " + name);
        }
        return value;
    }
}
