package io.litevfs.autoconfigure.actuate;

import io.litevfs.core.DatabaseStatus;
import io.litevfs.core.LiteVfs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Meters per database (tag {@code database}): {@code litevfs.cache.pages}, {@code .bytes},
 * {@code .hits}, {@code .misses}, {@code .evictions}; {@code litevfs.remote.requests}, {@code .bytes};
 * {@code litevfs.sync.lag} (TXIDs behind the store); {@code litevfs.lease.held} (1 or 0); and
 * {@code litevfs.databases}. A database's meters are registered when it is first opened.
 */
public class LiteVfsMetrics implements MeterBinder {

    private final LiteVfs liteVfs;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    public LiteVfsMetrics(LiteVfs liteVfs) {
        this.liteVfs = liteVfs;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("litevfs.databases", liteVfs, vfs -> vfs.databases().size())
                .description("databases opened through LiteVFS").register(registry);
        liteVfs.onDatabaseOpened(database -> bind(registry, database));
        liteVfs.databases().forEach(status -> bind(registry, status.name()));
    }

    private void bind(MeterRegistry registry, String database) {
        if (!bound.add(database)) {
            return;
        }
        gauge(registry, "litevfs.cache.pages", database, status -> status.cache().pages());
        gauge(registry, "litevfs.cache.bytes", database, status -> status.cache().bytes());
        counter(registry, "litevfs.cache.hits", database, status -> status.cache().hits());
        counter(registry, "litevfs.cache.misses", database, status -> status.cache().misses());
        counter(registry, "litevfs.cache.evictions", database, status -> status.cache().evictions());
        counter(registry, "litevfs.remote.requests", database, DatabaseStatus::remoteRequests);
        counter(registry, "litevfs.remote.bytes", database, DatabaseStatus::bytesFetched);
        gauge(registry, "litevfs.sync.lag", database, status ->
                Math.max(0, status.storePosition().txid().value() - status.position().txid().value()));
        Gauge.builder("litevfs.lease.held", liteVfs, vfs -> vfs.leaseExpiry(database).isPresent() ? 1 : 0)
                .tag("database", database).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String database, ToDoubleFunction<DatabaseStatus> value) {
        Gauge.builder(name, liteVfs, vfs -> vfs.database(database).map(value::applyAsDouble).orElse(Double.NaN))
                .tag("database", database).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String database, ToDoubleFunction<DatabaseStatus> value) {
        FunctionCounter.builder(name, liteVfs, vfs -> vfs.database(database).map(value::applyAsDouble).orElse(0.0))
                .tag("database", database).register(registry);
    }
}
