package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.protocol.wire.PagesResponse;
import io.litevfs.server.config.LiteVfsServerProperties;
import io.litevfs.server.store.ClusterIds;
import io.litevfs.server.store.Database;
import io.litevfs.server.store.LeaseRegistry;
import io.litevfs.server.store.PageStore;
import io.litevfs.server.store.SnapshotWriter;
import io.litevfs.server.store.StoreException;
import io.litevfs.server.store.WriteGuard;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The per-database endpoints: {@code POST /db/tx}, {@code GET /db/page}, {@code GET /db/sync} and
 * {@code GET /db/snapshot}. Storage work runs on the bounded-elastic scheduler, never on an event loop.
 */
@RestController
class DatabaseEndpoints {

    private final PageStore store;
    private final LeaseRegistry leases;
    private final ClusterIds clusterIds;
    private final LiteVfsServerProperties properties;

    DatabaseEndpoints(PageStore store, LeaseRegistry leases, ClusterIds clusterIds, LiteVfsServerProperties properties) {
        this.store = store;
        this.leases = leases;
        this.clusterIds = clusterIds;
        this.properties = properties;
    }

    /** Accepts one LTX file; answers 200 with {@code Litefs-Hwm} once it is durable. */
    @PostMapping("/db/tx")
    Mono<ResponseEntity<Void>> upload(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long limit = properties.getMaxUploadSize().toBytes();
        if (headers.getContentLength() > limit) {
            throw LimitedInputStream.tooLarge(limit);
        }
        clusterIds.checkWriter(cluster, headers.getFirst(LfscHeaders.CLUSTER_ID));
        String leaseId = blankToNull(headers.getFirst(LfscHeaders.LEASE_ID));
        WriteGuard guard = () -> leases.checkWrite(cluster, name, leaseId);
        guard.check();
        Flux<DataBuffer> body = exchange.getRequest().getBody();
        return Mono.fromCallable(() -> {
            try (InputStream in = new LimitedInputStream(DataBufferUtils.subscriberInputStream(body, 4), limit)) {
                Pos pos = store.upload(cluster, name, in, guard);
                return ResponseEntity.ok().header(LfscHeaders.HWM, pos.txid().toString()).<Void>build();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Pages as of a position: the first page number is the one wanted, the rest prefetch hints. */
    @GetMapping("/db/page")
    Mono<PagesResponse> pages(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                              @RequestParam(required = false) @Nullable String pos,
                              @RequestParam(required = false) @Nullable String pgno) {
        Database database = existing(exchange, db);
        long[] pgnos = QueryParameters.pageNumbers(pgno);
        Pos asOf = pos == null ? database.pos() : QueryParameters.pos(pos);
        return Mono.fromCallable(() -> new PagesResponse(database.readPages(asOf, pgnos)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Changes of one database since a position (the client's), or since nothing. */
    @GetMapping("/db/sync")
    DbChanges sync(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                   @RequestParam(required = false) @Nullable String pos) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        return store.changesSince(cluster, name, pos == null ? Pos.ZERO : QueryParameters.pos(pos));
    }

    /** The whole database at its current position, as an LTX snapshot (default) or a SQLite file. */
    @GetMapping("/db/snapshot")
    ResponseEntity<Flux<DataBuffer>> snapshot(ServerWebExchange exchange,
                                              @RequestParam(required = false) @Nullable String db,
                                              @RequestParam(required = false) @Nullable String format) {
        SnapshotWriter.Format snapshotFormat = format(format);
        SnapshotWriter.Plan plan = SnapshotWriter.plan(existing(exchange, db));
        Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
            try {
                SnapshotWriter.write(plan, snapshotFormat, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, exchange.getResponse().bufferFactory(), runnable -> Schedulers.boundedElastic().schedule(runnable)));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
    }

    private Database existing(ServerWebExchange exchange, @Nullable String db) {
        String name = QueryParameters.database(db);
        Database database = store.find(ClusterAccess.cluster(exchange), name);
        if (database == null) {
            throw new StoreException(ErrorCode.ENODB, "database " + name + " not found");
        }
        return database;
    }

    private static SnapshotWriter.Format format(@Nullable String format) {
        if (format == null || format.isEmpty()) {
            return SnapshotWriter.Format.LTX;
        }
        try {
            return SnapshotWriter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCode.EBADINPUT, "format must be ltx or sqlite, got \"" + format + "\"");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
