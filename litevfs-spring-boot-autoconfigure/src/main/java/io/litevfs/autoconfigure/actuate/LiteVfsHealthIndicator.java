package io.litevfs.autoconfigure.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.CloudClient;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * The node's health as a load balancer should see it. UP when the page store answers. While the store
 * cannot be reached (an error, or the client's circuit breaker open), a node whose databases have cached
 * pages still serves reads of them, so it stays UP, with {@code writes: unavailable}, {@code reads:
 * from cache} and the reason in its details: pulling it out of rotation would take away reads that work.
 * Only a node with nothing cached, which can serve nothing, is DOWN.
 */
public class LiteVfsHealthIndicator extends AbstractReactiveHealthIndicator {

    private final CloudClient client;
    private final CircuitBreaker circuitBreaker;
    private final LiteVfs liteVfs;

    public LiteVfsHealthIndicator(CloudClient client, CircuitBreaker circuitBreaker, LiteVfs liteVfs) {
        super("LiteVFS store health check failed");
        this.client = client;
        this.circuitBreaker = circuitBreaker;
        this.liteVfs = liteVfs;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        if (circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
            return Mono.just(unreachable(builder, "calls to the store are suspended after repeated failures (circuit breaker OPEN)"));
        }
        return client.positions()
                .map(positions -> builder.up().withDetail("store", "reachable").withDetail("databases", positions.size())
                        .withDetail("reads", "served").withDetail("writes", "available")
                        .withDetail("circuitBreaker", circuitBreaker.getState().name()).build())
                .onErrorResume(ex -> Mono.just(unreachable(builder, ex.getMessage() == null ? ex.toString() : ex.getMessage())));
    }

    private Health unreachable(Health.Builder builder, String reason) {
        long cachedPages = liteVfs.databases().stream().mapToLong(status -> status.cache().pages()).sum();
        Health.Builder status = cachedPages > 0 ? builder.up() : builder.down();
        return status.withDetail("store", "unreachable").withDetail("reason", reason)
                .withDetail("reads", cachedPages > 0 ? "from cache (" + cachedPages + " pages)" : "unavailable: nothing cached")
                .withDetail("writes", "unavailable").withDetail("circuitBreaker", circuitBreaker.getState().name()).build();
    }
}
