package io.litevfs.server.web;

import io.litevfs.store.PageStore;
import io.litevfs.store.restore.DatabaseReplacer;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.InputStream;
import java.time.Clock;

/**
 * {@code POST /db/upload?db=} (LiteFS Cloud's import): the body is a plain SQLite file, which becomes the
 * database's content as one new transaction ({@link DatabaseReplacer}); the answer is
 * {@code {"txID":"<16 hex digits>"}}. Received and guarded as an upload ({@link WriteRequests}): with
 * another writer's lease live it is refused unless it names that lease.
 */
@RestController
class ImportEndpoints {

    /** The answer: the TXID the database reached. */
    record Imported(String txID) {
    }

    private final DatabaseReplacer replacer;
    private final WriteRequests writes;

    ImportEndpoints(PageStore store, WriteRequests writes, Clock clock) {
        this.replacer = new DatabaseReplacer(store, clock);
        this.writes = writes;
    }

    @PostMapping("/db/upload")
    Mono<Imported> importDatabase(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        return writes.withBody(exchange, cluster, name, (received, guard) -> {
            try (InputStream image = received.open()) {
                return new Imported(replacer.replace(cluster, name, image, received.size(), guard).txid().toString());
            }
        });
    }
}
