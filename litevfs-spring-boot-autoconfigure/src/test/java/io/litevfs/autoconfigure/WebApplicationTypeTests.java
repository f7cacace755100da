package io.litevfs.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application (this module's tests have spring-boot-starter-webflux) stays a reactive web
 * application with the embedded store. The other side, a plain application that stays plain although the
 * store brings WebFlux's classes, is tested by the JPA sample, whose classpath has no WebFlux starter.
 */
class WebApplicationTypeTests {

    @TempDir
    Path directory;

    @Test
    void aWebFluxApplicationStaysReactive() {
        assertThat(EmbeddedStoreWebApplicationType.hasWebFluxStarter(getClass().getClassLoader())).isTrue();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .properties(Map.of("server.port", "0", "litevfs.embedded-store.data-directory", directory.resolve("store").toString(),
                        "litevfs.cache.directory", directory.resolve("cache").toString(), "litevfs.vfs-name", "webflux-app", "litevfs.datasource.database", "web.db"))
                .run()) {
            assertThat(app).isInstanceOf(ReactiveWebServerApplicationContext.class);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
