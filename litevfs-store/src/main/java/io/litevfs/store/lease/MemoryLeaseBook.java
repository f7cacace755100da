package io.litevfs.store.lease;

import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease records in the store's memory (the file-system backend): gone when the store stops, after which
 * holders' refreshes fail with {@code ENOLEASE} and they take a new lease. That is safe because a write
 * is accepted only under the live lease and at the current position.
 */
public final class MemoryLeaseBook implements LeaseBook {

    private final Map<String, Versioned> records = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    @Override
    public @Nullable Versioned read(String cluster, String database) {
        return records.get(key(cluster, database));
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public boolean create(String cluster, String database, Entry entry) {
        return records.putIfAbsent(key(cluster, database), versioned(entry)) == null;
    }

    @Override
    public boolean replace(String cluster, String database, Entry entry, String version) {
        boolean[] replaced = {false};
        records.computeIfPresent(key(cluster, database), (key, current) -> {
            if (!current.version().equals(version)) {
                return current;
            }
            replaced[0] = true;
            return versioned(entry);
        });
        return replaced[0];
    }

    private Versioned versioned(Entry entry) {
        return new Versioned(entry, Long.toString(versions.incrementAndGet()));
    }

    private static String key(String cluster, String database) {
        return cluster + '/' + database;
    }
}
