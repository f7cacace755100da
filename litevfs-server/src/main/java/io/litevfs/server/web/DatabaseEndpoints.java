package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PageFrames;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.SnapshotWriter;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.restore.DatabaseRestorer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The per-database endpoints: {@code POST /db/tx}, {@code GET /db/page}, {@code GET /db/sync} and
 * {@code GET /db/snapshot}. Storage work runs on the bounded-elastic scheduler, never on an event loop,
 * and never waits on a client there: an upload's body is received whole (non-blocking, bounded in size
 * and time) before the store touches it, and answers are sent as the client reads them, bounded by
 * {@link AnswerBudget} (given back at the exchange's end, see {@link ExchangeEnd}) and dropped when the
 * client stops reading for the send timeout ({@link ConnectionGuard}).
 */
@RestController
class DatabaseEndpoints implements DisposableBean {

    private static final MediaType BINARY_PAGES = MediaType.parseMediaType(PageFrames.MEDIA_TYPE);

    private final PageStore store;
    private final DatabaseRestorer restorer;
    private final WriteRequests writes;
    private final EndpointLimits limits;
    private final AnswerBudget budget;
    /**
     * Threads that write snapshots, apart from the store's other work: a writer waits while its client
     * reads, and those waits must never take the threads that serve pages and uploads.
     */
    private final Scheduler snapshotWriters = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
            Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "litevfs-snapshot", 60, true);

    DatabaseEndpoints(PageStore store, WriteRequests writes, EndpointLimits limits, Clock clock) {
        this.store = store;
        this.restorer = new DatabaseRestorer(store, clock);
        this.writes = writes;
        this.limits = limits;
        this.budget = new AnswerBudget(limits.maxPageAnswerMemory(), limits.maxSnapshotsPerCluster());
    }

    /**
     * Accepts one LTX file; answers 200 with {@code Litefs-Hwm} once it is durable. The lease is checked
     * once the body is received and verified, just before the commit; with leases in memory also before
     * the body is read, so a refused writer sends nothing more (on a bucket that would be a second read).
     */
    @PostMapping("/db/tx")
    Mono<ResponseEntity<Void>> upload(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        return writes.withBody(exchange, cluster, name, (received, guard) -> {
            Pos pos;
            try (InputStream body = received.open()) {
                pos = store.upload(cluster, name, body, guard);
            }
            return ResponseEntity.ok().header(LfscHeaders.HWM, pos.txid().toString()).<Void>build();
        });
    }

    /**
     * Pages as of a position: the first page number is the one wanted, the rest prefetch hints (each
     * answered once). The answer is bounded ({@code maxPageAnswerSize}) and streamed.
     */
    @GetMapping("/db/page")
    Mono<ResponseEntity<Flux<DataBuffer>>> pages(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                                                  @RequestParam(required = false) @Nullable String pos,
                                                  @RequestParam(required = false) @Nullable String pgno) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        long[] pgnos = QueryParameters.pageNumbers(pgno);
        Pos asked = pos == null ? null : QueryParameters.pos(pos);
        Database known = store.loaded(cluster, name);
        if (known == null) {
            return Mono.fromCallable(() -> existing(cluster, name)).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(database -> pages(exchange, database, asked, pgnos));
        }
        return pages(exchange, known, asked, pgnos);
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> pages(ServerWebExchange exchange, Database database,
                                                         @Nullable Pos asked, long[] pgnos) {
        Pos asOf = asked == null ? database.pos() : asked;
        long bytes = (long) pgnos.length * Math.max(database.pageSize(), 512);
        long maxAnswer = limits.maxPageAnswerSize();
        if (bytes > maxAnswer) {
            throw new StoreException(ErrorCode.ETOOLARGE, pgnos.length + " pages of " + database.pageSize()
                    + " bytes make " + bytes + " bytes; one answer holds at most " + maxAnswer
                    + " (litevfs.server.limits.max-page-answer-size): ask for fewer pages");
        }
        AnswerBudget.Grant grant = budget.pages(bytes);
        ExchangeEnd.onEnd(exchange, grant::release);
        boolean checked = "true".equals(exchange.getRequest().getQueryParams().getFirst(PageFrames.CHECKSUMS_PARAMETER));
        boolean binary = asksForBinaryPages(exchange);
        return Mono.fromCallable(() -> {
                    List<PageData> pages = database.readPages(asOf, pgnos);
                    return checked ? pages.stream().map(PageData::withChecksum).toList() : pages;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(pages -> binary
                        ? ResponseEntity.ok().contentType(BINARY_PAGES)
                                .body(PagesAnswer.binary(pages, checked, exchange.getResponse().bufferFactory()))
                        : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                                .body(PagesAnswer.of(pages, checked, exchange.getResponse().bufferFactory())));
    }

    /**
     * Whether the client named the binary page answer in {@code Accept} (with a quality above 0): only
     * then, so that clients that accept anything, as LiteFS Cloud's did, keep getting JSON.
     */
    private static boolean asksForBinaryPages(ServerWebExchange exchange) {
        try {
            return exchange.getRequest().getHeaders().getAccept().stream()
                    .anyMatch(type -> type.equalsTypeAndSubtype(BINARY_PAGES) && type.getQualityValue() > 0);
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    /**
     * Changes of one database since a position (the client's), or since nothing; with {@code page1=true}
     * (extension), page 1 at the answer's position too, so that opening an uncached database takes one
     * round trip.
     */
    @GetMapping("/db/sync")
    Mono<DbChanges> sync(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String db,
                         @RequestParam(required = false) @Nullable String pos,
                         @RequestParam(name = DbChanges.CHECKSUMS_PARAMETER, required = false) boolean checksums,
                         @RequestParam(name = DbChanges.PAGE1_PARAMETER, required = false) boolean page1) {
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        Pos since = pos == null ? Pos.ZERO : QueryParameters.pos(pos);
        return Mono.fromCallable(() -> {
                    DbChanges changes = store.changesSince(cluster, name, since, true, checksums);
                    return page1 ? withPage1(cluster, name, changes) : changes;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * {@code changes} with page 1 at its position, read where pages are read; without it when the database is
     * empty, or when that position was compacted away meanwhile (the client then asks for the page as usual).
     */
    private DbChanges withPage1(String cluster, String name, DbChanges changes) throws IOException {
        if (changes.pos().isZero()) {
            return changes;
        }
        try {
            List<PageData> pages = existing(cluster, name).readPages(changes.pos(), new long[] {1});
            return pages.isEmpty() ? changes : changes.withPage1(pages.getFirst());
        } catch (StoreException gone) {
            return changes;
        }
    }

    /**
     * The whole database at its current position, as an LTX snapshot (default) or a SQLite file, written
     * as the client reads it on the snapshot writers' own threads. A client that stops reading for the
     * send timeout is dropped, which frees its writer; each cluster may download a bounded number at once.
     */
    /**
     * The database as of now, or (extension) as of a point of the history kept: {@code txid=} or
     * {@code timestamp=} (RFC 3339; the newest point accepted by then), found on a worker thread since
     * finding it may read the bucket.
     */
    @GetMapping("/db/snapshot")
    Mono<ResponseEntity<Flux<DataBuffer>>> snapshot(ServerWebExchange exchange,
                                                    @RequestParam(required = false) @Nullable String db,
                                                    @RequestParam(required = false) @Nullable String format,
                                                    @RequestParam(required = false) @Nullable String txid,
                                                    @RequestParam(required = false) @Nullable String timestamp) {
        SnapshotWriter.Format snapshotFormat = format(format);
        String cluster = ClusterAccess.cluster(exchange);
        String name = QueryParameters.database(db);
        if (isBlank(txid) && isBlank(timestamp)) {
            return Mono.just(snapshot(exchange, SnapshotWriter.plan(existing(cluster, name)), snapshotFormat,
                    error -> error));
        }
        return Mono.fromCallable(() -> restorer.planAt(cluster, name,
                        RestoreEndpoints.point(restorer, cluster, name, timestamp, txid)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(plan -> snapshot(exchange, plan, snapshotFormat, error -> pointLost(error, cluster, name, plan)));
    }

    /** A point's position gone from history while it was read (compaction folded or merged it) is no longer kept. */
    private Throwable pointLost(Throwable error, String cluster, String name, SnapshotWriter.Plan plan) {
        boolean gone = error instanceof StoreException refused && refused.code() == ErrorCode.EPOSMISMATCH
                || error instanceof UncheckedIOException io && io.getCause() instanceof java.nio.file.NoSuchFileException;
        return gone ? restorer.lostMeanwhile(cluster, name, plan.pos()) : error;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private ResponseEntity<Flux<DataBuffer>> snapshot(ServerWebExchange exchange, SnapshotWriter.Plan plan,
                                                      SnapshotWriter.Format snapshotFormat,
                                                      java.util.function.UnaryOperator<Throwable> errors) {
        AnswerBudget.Grant grant = budget.snapshot(ClusterAccess.cluster(exchange));
        ExchangeEnd.onEnd(exchange, grant::release);
        Flux<DataBuffer> body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
                    try {
                        SnapshotWriter.write(plan, snapshotFormat, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, exchange.getResponse().bufferFactory(), runnable -> snapshotWriters.schedule(runnable)))
                .onErrorMap(errors::apply)
                .timeout(limits.sendTimeout());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
    }
    @Override
    public void destroy() {
        snapshotWriters.dispose();
    }

    /** The database; one this store has not seen yet is looked for in durable storage (another replica's). */
    private Database existing(String cluster, String name) {
        Database database = store.find(cluster, name);
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

}
