package io.litevfs.server.web;

import io.litevfs.store.history.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One debug line per request: method, path and query, status, time taken. Rejections are logged at
 * warn by {@link LfscErrorHandler}, with their error code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLog implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final java.util.regex.Pattern LEASE_ID = java.util.regex.Pattern.compile("(^|&)id=[^&]*");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!log.isDebugEnabled()) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> log.debug("[http] {} {} -> {} in {} ms",
                exchange.getRequest().getMethod(), describe(exchange.getRequest()),
                exchange.getResponse().getStatusCode(), (System.nanoTime() - started) / 1_000_000));
    }

    /** Path and query as a log line may show them: a lease id (the {@code id=} parameter) is hidden. */
    static String describe(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        String shown = query == null ? "" : "?" + LEASE_ID.matcher(query).replaceAll("$1id=(hidden)");
        return Names.forLog(request.getPath().value() + shown, 512);
    }
}
