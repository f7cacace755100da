package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.ReplicaHints;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code POST /internal/changed?db=}: another replica on the same bucket committed to the database; this
 * one catches up from the bucket at once. It only makes the replica read the bucket (which it trusts,
 * not the caller), and hints for one database coalesce, so a caller can cost it little. Answered 404
 * by a store on the file system.
 */
@RestController
class PeerEndpoints {

    private final @Nullable ReplicaHints hints;

    PeerEndpoints(ObjectProvider<ReplicaHints> hints) {
        this.hints = hints.getIfAvailable();
    }

    @PostMapping("/internal/changed")
    ResponseEntity<Void> changed(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db) {
        if (hints == null) {
            throw new StoreException(ErrorCode.ENODB, "this store keeps its data on its own disk; it has no peers");
        }
        hints.changed(ClusterAccess.cluster(exchange), QueryParameters.database(db));
        return ResponseEntity.accepted().build();
    }
}
