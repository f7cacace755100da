package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorBody;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StorageUnavailableException;
import io.litevfs.store.history.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure, from the access filter or an endpoint, into the LiteFS Cloud error body
 * {@code {"code","error","pos"?}} with its status. Clients (LiteVFS in particular) cannot read any
 * other error shape. Rejections are logged at warn with their code; unexpected failures at error with
 * their stack trace, and answered {@code EINTERNAL} without internal detail; a client that went away at
 * warn, except the end of an event stream (debug).
 */
@Component
@Order(-2)
public class LfscErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LfscErrorHandler.class);

    private final JsonMapper json;

    LfscErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (isClientGone(failure)) {
            logClientGone(exchange, failure);
            return Mono.empty();
        }
        if (response.isCommitted()) {
            log.warn("[http] {} {} failed after the response started: {}", exchange.getRequest().getMethod(),
                    RequestLog.describe(exchange.getRequest()), failure.toString());
            return Mono.error(failure);
        }
        Answer answer = answer(failure);
        if (answer.status().is5xxServerError() && !ErrorCode.ESTORAGEUNAVAILABLE.name().equals(answer.body().code())) {
            log.error("[http] {} {} failed", exchange.getRequest().getMethod(),
                    RequestLog.describe(exchange.getRequest()), failure);
        } else {
            log.warn("[http] rejected {} {}: {} {} {}", exchange.getRequest().getMethod(),
                    RequestLog.describe(exchange.getRequest()), answer.status().value(), answer.body().code(),
                    answer.body().error());
        }
        response.setStatusCode(answer.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (leavesBodyUnread(answer)) {
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(answer.body()));
        return response.writeWith(Mono.just(buffer));
    }

    private record Answer(HttpStatusCode status, ErrorBody body) {
    }

    /**
     * A client that went away in the middle of a request that would change the store (an upload, a lease, a
     * restore) is one WARN line: a write cut short is worth knowing of, and nothing of it was kept. One that
     * went away from a read (any GET, or {@code POST /sync}, a batched read) is DEBUG: every client ends
     * its event stream that way, and cuts off a poll in flight, when it stops, so an application stopping
     * with its embedded store logs no WARN.
     */
    private static void logClientGone(ServerWebExchange exchange, Throwable failure) {
        String method = String.valueOf(exchange.getRequest().getMethod());
        String request = RequestLog.describe(exchange.getRequest());
        if (isRead(method, exchange.getRequest().getPath().value())) {
            log.debug("[http] {} {}: the client went away before the answer ended ({})", method, request, failure.toString());
        } else {
            log.warn("[http] {} {}: the client closed the connection before the exchange ended ({}); nothing of it was "
                    + "kept", method, request, failure.toString());
        }
    }

    private static boolean isRead(String method, String path) {
        return "GET".equals(method) || "HEAD".equals(method) || ("POST".equals(method) && path.equals("/sync"));
    }

    /**
     * A failure that only says the client went away (it closed or reset the connection mid-request or
     * mid-answer): there is nobody to answer, and nothing to learn from a stack trace.
     */
    private static boolean isClientGone(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof reactor.netty.channel.AbortedException
                    || cause instanceof java.nio.channels.ClosedChannelException
                    || (cause instanceof java.io.IOException io && io.getMessage() != null
                        && (io.getMessage().contains("Connection reset") || io.getMessage().contains("Broken pipe")
                            || io.getMessage().contains("prematurely closed")))) {
                return true;
            }
        }
        return false;
    }

    /** A body that stalled or was too large is left unread: the connection cannot carry another request. */
    private static boolean leavesBodyUnread(Answer answer) {
        String code = answer.body().code();
        return ErrorCode.ETIMEOUT.name().equals(code) || ErrorCode.ETOOLARGE.name().equals(code);
    }

    private static Answer answer(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreException store) {
            return new Answer(HttpStatusCode.valueOf(store.code().status()),
                    new ErrorBody(store.code().name(), store.reason(), store.pos()));
        }
        if (cause instanceof StorageUnavailableException unavailable) {
            return of(ErrorCode.ESTORAGEUNAVAILABLE, "the store's object storage is unavailable; nothing of this "
                    + "request was kept, retry later (" + unavailable.getMessage() + ")");
        }
        if (cause instanceof DataBufferLimitException) {
            return of(ErrorCode.ETOOLARGE, "request body too large: " + cause.getMessage());
        }
        if (cause instanceof ServerWebInputException input) {
            String reason = input.getReason() != null ? input.getReason() : "invalid request";
            Throwable detail = input.getMostSpecificCause();
            return new Answer(input.getStatusCode(), ErrorBody.of(ErrorCode.EBADINPUT,
                    detail != input ? reason + ": " + detail.getMessage() : reason));
        }
        if (cause instanceof ResponseStatusException status) {
            String code = switch (status.getStatusCode().value()) {
                case 404 -> "ENOTFOUND";
                case 405 -> "EBADMETHOD";
                default -> ErrorCode.EBADINPUT.name();
            };
            String message = status.getStatusCode().value() == 404 ? "no such endpoint" : status.getReason();
            return new Answer(status.getStatusCode(), new ErrorBody(code, message == null ? "invalid request" : message, null));
        }
        return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBody.of(ErrorCode.EINTERNAL, ErrorCode.EINTERNAL.defaultMessage()));
    }

    private static Answer of(ErrorCode code, String message) {
        return new Answer(HttpStatusCode.valueOf(code.status()), ErrorBody.of(code, message));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (!isAnswerable(current) && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return isAnswerable(current) ? current : failure;
    }

    private static boolean isAnswerable(Throwable failure) {
        return failure instanceof StoreException || failure instanceof DataBufferLimitException
                || failure instanceof StorageUnavailableException;
    }
}
