package io.litevfs.autoconfigure.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.core.cloud.CloudClient;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * UP when the page store answers and the client's circuit breaker is closed; DOWN with the reason
 * otherwise.
 */
public class LiteVfsHealthIndicator extends AbstractReactiveHealthIndicator {

    private final CloudClient client;
    private final CircuitBreaker circuitBreaker;

    public LiteVfsHealthIndicator(CloudClient client, CircuitBreaker circuitBreaker) {
        super("LiteVFS store health check failed");
        this.client = client;
        this.circuitBreaker = circuitBreaker;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        if (circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
            return Mono.just(builder.down().withDetail("circuitBreaker", "OPEN")
                    .withDetail("reason", "calls to the store are suspended after repeated failures").build());
        }
        return client.positions()
                .map(positions -> builder.up().withDetail("databases", positions.size())
                        .withDetail("circuitBreaker", circuitBreaker.getState().name()).build())
                .onErrorResume(ex -> Mono.just(builder.down(ex).build()));
    }
}
