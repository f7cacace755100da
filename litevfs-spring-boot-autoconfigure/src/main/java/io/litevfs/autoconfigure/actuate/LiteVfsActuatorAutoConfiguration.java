package io.litevfs.autoconfigure.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.autoconfigure.LiteVfsAutoConfiguration;
import io.litevfs.autoconfigure.LiteVfsProperties;
import io.litevfs.autoconfigure.LiteVfsStore;
import io.litevfs.core.LiteVfs;
import io.litevfs.core.cloud.CloudClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code litevfs} Actuator endpoint, the {@code litevfs} health indicator and the meters, each
 * when its part of Actuator is on the classpath.
 */
@AutoConfiguration(after = LiteVfsAutoConfiguration.class)
@ConditionalOnBean(LiteVfs.class)
public final class LiteVfsActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(LiteVfsEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LiteVfsEndpoint liteVfsEndpoint(LiteVfs liteVfs, ObjectProvider<CircuitBreaker> circuitBreaker,
                                        LiteVfsProperties properties, ObjectProvider<LiteVfsStore> store) {
            return new LiteVfsEndpoint(liteVfs, circuitBreaker.getIfAvailable(), properties.getSync().getMode().name(),
                    store.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveHealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("litevfs")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "litevfsHealthIndicator")
        LiteVfsHealthIndicator litevfsHealthIndicator(CloudClient client, CircuitBreaker liteVfsCircuitBreaker,
                                                      LiteVfs liteVfs) {
            return new LiteVfsHealthIndicator(client, liteVfsCircuitBreaker, liteVfs);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LiteVfsMetrics liteVfsMetrics(LiteVfs liteVfs) {
            return new LiteVfsMetrics(liteVfs);
        }
    }
}
