package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.restore.DatabaseRestorer;
import io.litevfs.store.upload.WriteGuard;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/**
 * Point-in-time restore within the history kept ({@link DatabaseRestorer}), as LiteFS Cloud answered it:
 * {@code POST /db/restore?db=&timestamp=<RFC 3339>} (or {@code &txid=}) makes the content as of that
 * point the database's next transaction and answers {@code {"txID":"<hex>"}}, under the lease rules of an
 * upload; {@code GET /db/restore/check?db=&timestamp=} (or {@code &txid=}) answers which point a restore
 * would use, {@code {"timestamp","txID","postApplyChecksum"}} (the last an extension: with the TXID, the
 * position a node reads the point at, as {@code PRAGMA litevfs_time} does).
 */
@RestController
class RestoreEndpoints {

    record Restored(String txID) {
    }

    /** LiteFS Cloud's answer, and (extension) the point's database checksum: with the TXID, its position. */
    record Check(String timestamp, String txID, String postApplyChecksum) {
    }

    private final DatabaseRestorer restorer;
    private final WriteRequests writes;

    RestoreEndpoints(PageStore store, WriteRequests writes, Clock clock) {
        this.restorer = new DatabaseRestorer(store, clock);
        this.writes = writes;
    }

    @PostMapping("/db/restore")
    Mono<Restored> restore(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                           @RequestParam(required = false) @Nullable String timestamp,
                           @RequestParam(required = false) @Nullable String txid) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        WriteGuard guard = writes.guard(exchange, cluster, name);
        return Mono.fromCallable(() -> {
            guard.admit();
            Pos reached = restorer.restore(cluster, name, point(restorer, cluster, name, timestamp, txid), guard);
            return new Restored(reached.txid().toString());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Which point a restore to {@code timestamp} (or, extension, to {@code txid}) would use. */
    @GetMapping("/db/restore/check")
    Mono<Check> check(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                      @RequestParam(required = false) @Nullable String timestamp,
                      @RequestParam(required = false) @Nullable String txid) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        return Mono.fromCallable(() -> {
            DatabaseRestorer.Point point = point(restorer, cluster, name, timestamp, txid);
            return new Check(point.acceptedAt().toString(), point.pos().txid().toString(),
                    point.pos().postApplyChecksum().toString());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The point a request names: {@code txid=}, else {@code timestamp=} (RFC 3339, the newest point
     * accepted by then). Called on a worker thread: finding it may read the bucket.
     */
    static DatabaseRestorer.Point point(DatabaseRestorer restorer, String cluster, String name,
                                        @Nullable String timestamp, @Nullable String txid) throws java.io.IOException {
        if (txid != null && !txid.isBlank()) {
            return restorer.pointOf(cluster, name, QueryParameters.txId(txid));
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw new StoreException(ErrorCode.EBADINPUT, "timestamp= (RFC 3339) or txid= is required");
        }
        return restorer.pointAt(cluster, name, QueryParameters.timestamp(timestamp));
    }
}
