package io.litevfs.autoconfigure.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.core.DatabaseStatus;
import io.litevfs.autoconfigure.LiteVfsStore;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.RestorePoint;
import io.litevfs.protocol.TxId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/litevfs}: the store (its URL, and whether it is embedded in this application), every
 * database this application opened, with local and store positions,
 * lag, cache figures, remote traffic, lease and the store client's circuit breaker;
 * {@code /actuator/litevfs/{database}} for one; a POST with {@code action} = {@code sync}, {@code cache}
 * (fetch the whole database), {@code drop} (empty its cache), {@code verify} (check it whole against its
 * position's checksum, repairing the cache if it differs: {@code PRAGMA litevfs_verify}) or {@code restore} (with
 * {@code txid} or
 * {@code timestamp}: the content as of that point of the store's history becomes the next transaction,
 * under the write lease) acts on one.
 *
 * <p>Read-only unless the application opens it: the POST actions change what every node reads (a restore
 * rolls the database back for all of them), so they answer only with
 * {@code management.endpoint.litevfs.access=unrestricted}, Boot's own access setting.
 */
@Endpoint(id = "litevfs", defaultAccess = Access.READ_ONLY)
public class LiteVfsEndpoint {

    /** How long a restore waits for the write lease when another writer holds it. */
    private static final Duration RESTORE_LEASE_WAIT = Duration.ofSeconds(10);

    private final LiteVfs liteVfs;
    private final @Nullable CircuitBreaker circuitBreaker;
    private final String syncMode;
    private final @Nullable LiteVfsStore store;

    public LiteVfsEndpoint(LiteVfs liteVfs, @Nullable CircuitBreaker circuitBreaker, String syncMode,
                           @Nullable LiteVfsStore store) {
        this.store = store;
        this.liteVfs = liteVfs;
        this.circuitBreaker = circuitBreaker;
        this.syncMode = syncMode;
    }

    @ReadOperation
    public Map<String, Object> databases() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("vfs", liteVfs.name());
        report.put("sync", syncMode);
        if (store != null) {
            report.put("store", Map.of("url", store.url(), "embedded", store.embedded()));
        }
        report.put("circuitBreaker", circuitBreaker == null ? "none" : circuitBreaker.getState().name());
        Map<String, Object> databases = new LinkedHashMap<>();
        liteVfs.databases().forEach(status -> databases.put(status.name(), describe(status)));
        report.put("databases", databases);
        return report;
    }

    @ReadOperation
    public @Nullable Map<String, Object> database(@Selector String database) {
        return liteVfs.database(database).map(this::describe).orElse(null);
    }

    @WriteOperation
    public @Nullable Map<String, Object> act(@Selector String database, String action, @Nullable String timestamp,
                                             @Nullable String txid) {
        String verified = null;
        switch (action) {
            case "sync" -> liteVfs.syncNow(database);
            case "cache" -> liteVfs.cacheDatabase(database);
            case "drop" -> liteVfs.dropCache(database);
            case "restore" -> restore(database, timestamp, txid);
            case "verify" -> verified = liteVfs.verify(database);
            default -> throw new IllegalArgumentException("action must be sync, cache, drop, verify or restore, got \""
                    + action + "\"");
        }
        Map<String, Object> report = database(database);
        if (report != null && verified != null) {
            report.put("verified", verified);
        }
        return report;
    }

    /** The content as of a point of the store's history (a TXID, or an RFC 3339 time) becomes the next transaction. */
    private void restore(String database, @Nullable String timestamp, @Nullable String txid) {
        RestorePoint point;
        if (txid != null && !txid.isBlank()) {
            point = RestorePoint.at(TxId.parse(txid));
        } else if (timestamp != null && !timestamp.isBlank()) {
            point = RestorePoint.at(OffsetDateTime.parse(timestamp).toInstant());
        } else {
            throw new IllegalArgumentException("restore needs txid (16 hex digits) or timestamp (RFC 3339)");
        }
        try {
            liteVfs.restore(database, point, RESTORE_LEASE_WAIT);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot restore " + database + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> describe(DatabaseStatus status) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("position", status.position().toString());
        description.put("storePosition", status.storePosition().toString());
        description.put("lagTxids", Math.max(0, status.storePosition().txid().value() - status.position().txid().value()));
        description.put("lastSync", status.lastSync() == null ? null : status.lastSync().toString());
        description.put("sinceLastSyncMs", status.lastSync() == null ? null
                : Duration.between(status.lastSync(), Instant.now()).toMillis());
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("pages", status.cache().pages());
        cache.put("bytes", status.cache().bytes());
        cache.put("hits", status.cache().hits());
        cache.put("misses", status.cache().misses());
        cache.put("hitRatio", status.cache().hitRatio());
        cache.put("evictions", status.cache().evictions());
        description.put("cache", cache);
        description.put("remote", Map.of("requests", status.remoteRequests(), "bytes", status.bytesFetched()));
        Map<String, Object> lease = new LinkedHashMap<>();
        liteVfs.leaseExpiry(status.name()).ifPresentOrElse(expiry -> {
            lease.put("held", true);
            lease.put("expiresAt", expiry.toString());
        }, () -> lease.put("held", false));
        description.put("lease", lease);
        description.put("openConnections", status.openFiles());
        return description;
    }
}
