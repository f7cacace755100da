package io.litevfs.autoconfigure;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /actuator/health} tells a load balancer while the store is unreachable: a node that serves
 * reads from its cache stays UP (HTTP 200), saying writes are unavailable; a node with nothing cached,
 * which can serve nothing, is DOWN (503).
 */
class HealthTests {

    @TempDir
    Path directory;

    @Test
    void aNodeWithCachedPagesStaysUpWhileTheStoreIsUnreachableAndSaysWritesAreNot() throws Exception {
        LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
        try (ConfigurableApplicationContext app = node("cached", store.url())) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            app.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                jdbc.execute("create table t(x)");
                jdbc.update("insert into t values (42)");
            });
            assertThat(health(app).statusCode()).isEqualTo(200);
            store.close();
            HttpResponse<String> health = health(app);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"writes\":\"unavailable\"")
                    .contains("\"store\":\"unreachable\"").contains("from cache");
            assertThat(jdbc.queryForObject("select x from t", Integer.class)).as("the read it promises").isEqualTo(42);
        } finally {
            store.close();
        }
    }

    @Test
    void aNodeWithNothingCachedIsDownWhileTheStoreIsUnreachable() throws Exception {
        try (ConfigurableApplicationContext app = node("empty", "http://127.0.0.1:9")) {
            HttpResponse<String> health = health(app);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("nothing cached");
        }
    }

    private ConfigurableApplicationContext node(String name, String storeUrl) {
        Map<String, Object> properties = Map.of("server.port", "0", "litevfs.cloud.url", storeUrl,
                "litevfs.cache.directory", directory.resolve(name).toString(), "litevfs.vfs-name", "health-" + name,
                "litevfs.datasource.database", "health.db", "management.endpoint.health.show-details", "always",
                "management.endpoints.web.exposure.include", "health");
        return new SpringApplicationBuilder(App.class).properties(properties).run();
    }

    private static HttpResponse<String> health(ConfigurableApplicationContext app) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
