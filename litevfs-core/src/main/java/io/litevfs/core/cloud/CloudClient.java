package io.litevfs.core.cloud;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.StoreEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The page store's API as the VFS uses it. Failures arrive as {@link CloudException}.
 */
public interface CloudClient extends AutoCloseable {

    /**
     * Releases what the client holds of its own (event loops, connections); nothing by default. A LiteVFS
     * instance closes the client it made itself, never one it was given.
     */
    @Override
    default void close() {
    }

    /** Every database of the cluster with its position. */
    Mono<Map<String, Pos>> positions();

    /** Pages as of {@code pos}: the first is the one wanted, the rest prefetch hints; pages past the end are left out. */
    Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos);

    /** What changed in one database since {@code since}. */
    Mono<DbChanges> changes(String database, Pos since);

    /**
     * The same, with page 1 at the answer's position when {@code withPage1} and the store gives it (this
     * project's store does; others answer without it, and the node asks for the page as usual).
     */
    default Mono<DbChanges> changes(String database, Pos since, boolean withPage1) {
        return changes(database, since);
    }

    /** What changed in each database since the position given for it; an entry for every one. */
    Mono<Map<String, DbChanges>> sync(Map<String, Pos> positions);

    Mono<LeaseResponse> acquireLease(String database, Duration duration);

    Mono<LeaseResponse> refreshLease(String database, String leaseId, Duration duration);

    Mono<Void> releaseLease(String database, String leaseId);

    /**
     * Uploads one LTX file under a lease (a file on disk is streamed, bytes in memory sent at once);
     * returns the TXID the store acknowledged as durable.
     */
    Mono<String> upload(String database, String leaseId, LtxUpload ltx);

    /**
     * Makes the content as of a point of the store's history the database's next transaction, under the
     * lease ({@code POST /db/restore}); returns that transaction's TXID.
     */
    Mono<String> restore(String database, String leaseId, RestorePoint point);

    /**
     * The position of a point of the store's history ({@code GET /db/restore/check}): the newest point
     * accepted by a time, or the point of a TXID.
     */
    Mono<Pos> point(String database, RestorePoint point);

    /**
     * The push extension's events (positions, refused lease requests); fails with status 404 against a
     * store without it.
     */
    Flux<StoreEvent> events();
}
