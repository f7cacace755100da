package io.litevfs.server.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves, for every request, the cluster it acts on (see {@link AccessPolicy}) before any endpoint
 * runs; endpoints read it with {@link #cluster(ServerWebExchange)}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ClusterAccess implements WebFilter {

    private static final String ATTRIBUTE = ClusterAccess.class.getName() + ".cluster";

    private final AccessPolicy policy;

    ClusterAccess(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String cluster = policy.cluster(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                exchange.getRequest().getQueryParams().getFirst("cluster"));
        exchange.getAttributes().put(ATTRIBUTE, cluster);
        return chain.filter(exchange);
    }

    static String cluster(ServerWebExchange exchange) {
        String cluster = exchange.getAttribute(ATTRIBUTE);
        if (cluster == null) {
            throw new IllegalStateException("request reached an endpoint without passing ClusterAccess");
        }
        return cluster;
    }
}
