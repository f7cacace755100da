package io.litevfs.core.cloud;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.ErrorBody;
import io.litevfs.protocol.wire.LeaseResponse;
import io.litevfs.protocol.wire.LfscHeaders;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PageFrames;
import io.litevfs.protocol.wire.PagesResponse;
import io.litevfs.protocol.wire.LeaseWantedEvent;
import io.litevfs.protocol.wire.PositionEvent;
import io.litevfs.protocol.wire.StoreEvent;
import io.litevfs.protocol.wire.SyncRequest;
import io.litevfs.protocol.wire.SyncResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link CloudClient} on Spring's reactive {@link WebClient}, sending what LiteVFS sends: the token
 * verbatim in {@code Authorization}, {@code cluster=} when configured, and a random
 * {@code Litefs-Cluster-Id} per process.
 *
 * <p>Operator order, innermost first: the request's timeout, the mapping of every failure to a
 * {@link CloudException}, the circuit breaker, then the retry. With the retry outside the breaker, each
 * attempt is one call for the breaker, so a request retried three times counts three failures; timeouts
 * count too. Only failures that may pass (no answer, 5xx) are retried or recorded by the breaker: a 4xx
 * is the store's considered answer. The push stream ({@link #events()}) is long-lived and bypasses both.
 */
public final class WebClientCloudClient implements CloudClient {

    private static final String USER_AGENT = "LiteVFS-JVM/0.1";
    /**
     * The largest answer read into memory: a {@code /db/page} answer at the store's limit per request (16 MiB
     * of pages, {@code Pages#maxPagesPerRequest}) is about 22 MiB in JSON, 16 MiB in binary.
     */
    private static final int MAX_RESPONSE_BYTES = 32 << 20;
    private static final MediaType BINARY_PAGES = MediaType.parseMediaType(PageFrames.MEDIA_TYPE);
    /** Binary pages first; JSON from a store that does not offer them. */
    private static final MediaType[] BINARY_OR_JSON = {BINARY_PAGES, MediaType.parseMediaType("application/json;q=0.5")};
    private static final MediaType[] JSON_ONLY = {MediaType.APPLICATION_JSON};
    private static final int URI_TOO_LONG = 414;
    /** The mapper of the store's answers: the default one, with pages decoded by {@link PageDataDeserializer}. */
    private static final JsonMapper ANSWERS = JsonMapper.builder()
            .addModule(new SimpleModule("litevfs-pages").addDeserializer(PageData.class, new PageDataDeserializer()))
            .build();

    private final WebClient client;
    private final CloudOptions options;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    /** The event loops and connections this client made for itself, closed with it; none when given a builder. */
    private final @Nullable OwnHttpResources ownResources;

    public WebClientCloudClient(CloudOptions options, WebClient.Builder builder, CircuitBreaker circuitBreaker, Retry retry) {
        this(options, builder, circuitBreaker, retry, null);
    }

    private WebClientCloudClient(CloudOptions options, WebClient.Builder builder, CircuitBreaker circuitBreaker, Retry retry,
                                 @Nullable OwnHttpResources ownResources) {
        this.ownResources = ownResources;
        this.options = options;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
        this.client = builder.clone()
                .baseUrl(options.baseUrl().toString())
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(ANSWERS));
                    codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES);
                })
                .defaultHeaders(headers -> {
                    headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
                    headers.set(LfscHeaders.CLUSTER_ID, randomClusterId());
                    if (options.token() != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, options.token());
                    }
                })
                .build();
    }

    /**
     * A client with its own WebClient on event loops and connections of its own (released by {@link #close}),
     * breaker and retry, configured from {@code options}.
     */
    public static WebClientCloudClient create(CloudOptions options) {
        OwnHttpResources resources = new OwnHttpResources();
        return new WebClientCloudClient(options, WebClient.builder().clientConnector(resources.connector()),
                options.resilience().circuitBreaker(), options.resilience().retry(), resources);
    }

    /** Ends the event loops and connections {@link #create} made; nothing for a client given its builder. */
    @Override
    public void close() {
        if (ownResources != null) {
            ownResources.close();
        }
    }

    @Override
    public Mono<Map<String, Pos>> positions() {
        return call("GET /pos", client.get().uri(uri -> withCluster(uri.path("/pos")))
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<Map<String, Pos>>() { })));
    }

    /**
     * {@inheritDoc} A store or proxy whose request lines are shorter than the list of page numbers (414 URI
     * Too Long: HTTP servers commonly stop at 4,096 or 8,192 characters, and 1,024 page numbers can take
     * 11,264) is asked in halves, at once, until each fits.
     */
    @Override
    public Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos) {
        String list = Arrays.stream(pgnos).mapToObj(Long::toString).collect(Collectors.joining(","));
        return call("GET /db/page", client.get().uri(uri -> withCluster(uri.path("/db/page").queryParam("db", database)
                        .queryParam("pos", pos.toString()).queryParam("pgno", list)
                        .queryParam(PageFrames.CHECKSUMS_PARAMETER, "true")))
                .accept(options.pageEncoding() == PageEncoding.BINARY ? BINARY_OR_JSON : JSON_ONLY)
                .exchangeToMono(WebClientCloudClient::pages))
                .onErrorResume(e -> pgnos.length > 1 && e instanceof CloudException refused && refused.status() == URI_TOO_LONG,
                        e -> {
                            int half = pgnos.length / 2;
                            return Mono.zip(pages(database, pos, Arrays.copyOfRange(pgnos, 0, half)),
                                    pages(database, pos, Arrays.copyOfRange(pgnos, half, pgnos.length)),
                                    (first, second) -> Stream.concat(first.stream(), second.stream()).toList());
                        });
    }

    /** The pages of an answer in either encoding, whichever the store chose. */
    private static Mono<List<PageData>> pages(ClientResponse response) {
        if (response.statusCode().isError()) {
            return failure(response);
        }
        boolean binary = response.headers().contentType().filter(BINARY_PAGES::equalsTypeAndSubtype).isPresent();
        if (!binary) {
            return response.bodyToMono(new ParameterizedTypeReference<PagesResponse>() { }).map(PagesResponse::pages);
        }
        return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).handle((answer, sink) -> {
            try {
                sink.next(PageFrames.decode(answer));
            } catch (IllegalArgumentException malformed) {
                sink.error(new CloudException(response.statusCode().value(), CloudException.BAD_RESPONSE,
                        "GET /db/page: " + malformed.getMessage(), null, malformed));
            }
        });
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since) {
        return changes(database, since, false);
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since, boolean withPage1) {
        return call("GET /db/sync", client.get().uri(uri -> {
            uri.path("/db/sync").queryParam("db", database).queryParam(DbChanges.CHECKSUMS_PARAMETER, "true");
            if (withPage1) {
                uri.queryParam(DbChanges.PAGE1_PARAMETER, "true");
            }
            if (!since.isZero()) {
                uri.queryParam("pos", since.toString());
            }
            return withCluster(uri);
        }).exchangeToMono(response -> body(response, new ParameterizedTypeReference<DbChanges>() { })));
    }

    @Override
    public Mono<Map<String, DbChanges>> sync(Map<String, Pos> positions) {
        return call("POST /sync", client.post().uri(uri -> withCluster(uri.path("/sync")
                        .queryParam(DbChanges.CHECKSUMS_PARAMETER, "true")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new SyncRequest(positions))
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<SyncResponse>() { }))
                .map(SyncResponse::changes));
    }

    @Override
    public Mono<LeaseResponse> acquireLease(String database, Duration duration) {
        return call("POST /lease", client.post().uri(uri -> withCluster(uri.path("/lease").queryParam("db", database)
                        .queryParam("duration", duration.toMillis())))
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<LeaseResponse>() { })));
    }

    @Override
    public Mono<LeaseResponse> refreshLease(String database, String leaseId, Duration duration) {
        return call("POST /lease", client.post().uri(uri -> withCluster(uri.path("/lease").queryParam("db", database)
                        .queryParam("id", leaseId).queryParam("duration", duration.toMillis())))
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<LeaseResponse>() { })));
    }

    @Override
    public Mono<Void> releaseLease(String database, String leaseId) {
        return call("DELETE /lease", client.delete().uri(uri -> withCluster(uri.path("/lease").queryParam("db", database)
                        .queryParam("id", leaseId)))
                .exchangeToMono(response -> response.statusCode().isError() ? failure(response) : response.releaseBody()));
    }

    /**
     * The request timeout applies to the store's answer after the whole body was sent, so a large
     * transaction gets, on top of it, the time to send its file at {@link Await#SLOWEST_UPLOAD_BYTES_PER_MS}.
     */
    @Override
    public Mono<String> upload(String database, String leaseId, LtxUpload ltx) {
        Duration timeout = Await.uploadAttempt(options.requestTimeout(), ltx.size());
        return call("POST /db/tx", timeout, client.post().uri(uri -> withCluster(uri.path("/db/tx").queryParam("db", database)))
                .header(LfscHeaders.LEASE_ID, leaseId)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(switch (ltx) {
                    case LtxUpload.InMemory memory -> BodyInserters.fromValue(memory.content());
                    case LtxUpload.OnDisk disk -> BodyInserters.fromResource(new FileSystemResource(disk.file()));
                })
                .exchangeToMono(response -> {
                    if (response.statusCode().isError()) {
                        return failure(response);
                    }
                    String hwm = response.headers().asHttpHeaders().getFirst(LfscHeaders.HWM);
                    return response.releaseBody().then(Mono.justOrEmpty(hwm))
                            .switchIfEmpty(Mono.error(() -> new CloudException(response.statusCode().value(), CloudException.BAD_RESPONSE,
                                    "the store acknowledged the upload without a Litefs-Hwm header", null, null)));
                }));
    }

    @Override
    public Mono<String> restore(String database, String leaseId, RestorePoint point) {
        return call("POST /db/restore", client.post().uri(uri -> withCluster(uri.path("/db/restore").queryParam("db", database)
                        .queryParam(point.parameter(), point.value())))
                .header(LfscHeaders.LEASE_ID, leaseId)
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<Map<String, String>>() { }))
                .flatMap(answer -> Mono.justOrEmpty(answer.get("txID")))
                .switchIfEmpty(Mono.error(() -> new CloudException(200, CloudException.BAD_RESPONSE,
                        "POST /db/restore: the store answered without a txID", null, null))));
    }

    @Override
    public Mono<Pos> point(String database, RestorePoint point) {
        return call("GET /db/restore/check", client.get().uri(uri -> withCluster(uri.path("/db/restore/check")
                        .queryParam("db", database).queryParam(point.parameter(), point.value())))
                .exchangeToMono(response -> body(response, new ParameterizedTypeReference<Map<String, String>>() { }))
                .flatMap(answer -> {
                    String txid = answer.get("txID");
                    String checksum = answer.get("postApplyChecksum");
                    if (txid == null || checksum == null) {
                        return Mono.error(new CloudException(200, CloudException.BAD_RESPONSE, "GET /db/restore/check: the "
                                + "store answered without txID and postApplyChecksum (it predates time travel)", null, null));
                    }
                    return Mono.just(Pos.parse(txid + "/" + checksum));
                }));
    }

    @Override
    public Flux<StoreEvent> events() {
        return client.get().uri(uri -> withCluster(uri.path("/events")))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToFlux(response -> response.statusCode().isError()
                        ? failure(response).flux().cast(StoreEvent.class)
                        : response.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                                .mapNotNull(WebClientCloudClient::storeEvent))
                .onErrorMap(e -> !(e instanceof CloudException), e -> unreachable("GET /events", options.requestTimeout(), e));
    }

    /** One event by its name ({@code position} when it has none, as before names were sent); others are skipped. */
    private static @Nullable StoreEvent storeEvent(ServerSentEvent<String> event) {
        String data = event.data();
        if (data == null || data.isBlank()) {
            return null;
        }
        String name = event.event() == null ? PositionEvent.NAME : event.event();
        return switch (name) {
            case PositionEvent.NAME -> ANSWERS.readValue(data, PositionEvent.class);
            case LeaseWantedEvent.NAME -> ANSWERS.readValue(data, LeaseWantedEvent.class);
            default -> null;
        };
    }

    private URI withCluster(UriBuilder uri) {
        if (options.cluster() != null) {
            uri.queryParam("cluster", options.cluster());
        }
        return uri.build();
    }

    private <T> Mono<T> call(String what, Mono<T> request) {
        return call(what, options.requestTimeout(), request);
    }

    private <T> Mono<T> call(String what, Duration timeout, Mono<T> request) {
        return request
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof CloudException), e -> unreachable(what, timeout, e))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(CallNotPermittedException.class, e -> new CloudException(0, CloudException.CIRCUIT_OPEN,
                        what + ": calls to the store at " + options.baseUrl() + " are suspended after repeated failures "
                                + "(circuit breaker open); they resume automatically", null, e));
    }

    private static <T> Mono<T> body(ClientResponse response, ParameterizedTypeReference<T> type) {
        return response.statusCode().isError() ? failure(response) : response.bodyToMono(type);
    }

    private static <T> Mono<T> failure(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                .flatMap(body -> Mono.error(fromErrorBody(status, body)));
    }

    static CloudException fromErrorBody(int status, byte[] body) {
        try {
            ErrorBody error = ANSWERS.readValue(body, ErrorBody.class);
            if (error.code() != null) {
                return new CloudException(status, error.code(), error.error(), error.pos(), null);
            }
        } catch (RuntimeException notJson) {
            // The store answered with something else than its error body: keep the text.
        }
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).strip();
        return new CloudException(status, "EHTTP" + status, "store answered HTTP " + status
                + (text.isEmpty() ? "" : ": " + text), null, null);
    }

    private CloudException unreachable(String what, Duration timeout, Throwable cause) {
        Throwable root = cause;
        if (root instanceof TimeoutException) {
            return new CloudException(0, CloudException.TIMEOUT, what + ": no answer from the store at " + options.baseUrl()
                    + " within " + timeout.toMillis() + " ms", null, cause);
        }
        if (root instanceof IOException) {
            return new CloudException(0, CloudException.CONNECTION_CUT, what + ": the connection to the store at "
                    + options.baseUrl() + " was cut before its whole answer arrived (" + root + ")", null, cause);
        }
        if (!(root instanceof WebClientRequestException request)) {
            return new CloudException(0, CloudException.BAD_RESPONSE, what + ": the answer of the store at "
                    + options.baseUrl() + " could not be read: " + root, null, cause);
        }
        return new CloudException(0, CloudException.UNREACHABLE, what + ": the store at " + options.baseUrl()
                + " cannot be reached (" + request.getMostSpecificCause() + ")", null, cause);
    }

    private static String randomClusterId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return "LFSC" + java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
