package io.litevfs.server.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs what an endpoint asked for at the very end of its exchange: once the whole answer has been
 * written to the connection, or the exchange failed or was cancelled (the client went away, a send
 * timed out). An answer's body publisher completes earlier, as soon as its last buffer is handed to
 * the network layer, which may still hold all of it; what the answer holds must be given back here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ExchangeEnd implements WebFilter {

    private static final String ATTRIBUTE = ExchangeEnd.class.getName() + ".actions";

    static void onEnd(ServerWebExchange exchange, Runnable action) {
        List<Runnable> actions = exchange.getAttribute(ATTRIBUTE);
        if (actions == null) {
            throw new IllegalStateException("request reached an endpoint without passing ExchangeEnd");
        }
        actions.add(action);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<Runnable> actions = new ArrayList<>(1);
        exchange.getAttributes().put(ATTRIBUTE, actions);
        return chain.filter(exchange).doFinally(signal -> actions.forEach(Runnable::run));
    }
}
