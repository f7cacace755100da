package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/litevfs} is read-only unless the application opens it with Boot's access setting: a POST
 * that would restore, drop or sync is refused and changes nothing, while the report still answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TransactionalWritesIntegrationTests.App.class)
class ActuatorAccessTests {

    private static final Path DIRECTORY = temporaryDirectory();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("litevfs.embedded-store.data-directory", () -> DIRECTORY.resolve("store").toString());
        registry.add("litevfs.cache.directory", () -> DIRECTORY.resolve("cache").toString());
        registry.add("litevfs.vfs-name", () -> "actuator-access");
        registry.add("litevfs.datasource.database", () -> "access.db");
        registry.add("management.endpoints.web.exposure.include", () -> "litevfs");
    }

    @Autowired
    TransactionalWritesIntegrationTests.Writes writes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LiteVfs liteVfs;
    @Value("${local.server.port}")
    int port;

    @Test
    void writeOperationsAreRefusedUnlessEnabledAndTheReportStillAnswers() {
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        writes.createSchema();
        writes.insert("first", () -> { });
        String kept = liteVfs.database("access.db").orElseThrow().position().toString();
        writes.insert("second", () -> { });
        String now = liteVfs.database("access.db").orElseThrow().position().toString();
        assertThat(jdbc.queryForObject("select count(*) from notes", Integer.class)).isEqualTo(2);
        long cached = liteVfs.database("access.db").orElseThrow().cache().pages();

        for (Map<String, String> action : new Map[] {Map.of("action", "restore", "txid", kept.substring(0, 16)),
                Map.of("action", "drop"), Map.of("action", "sync"), Map.of("action", "cache")}) {
            int status = web.post().uri("/actuator/litevfs/access.db").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(action).exchange().returnResult(String.class).getStatus().value();
            assertThat(status).as("POST %s", action).isBetween(400, 499);
        }
        assertThat(liteVfs.database("access.db").orElseThrow().position().toString()).isEqualTo(now);
        assertThat(liteVfs.database("access.db").orElseThrow().cache().pages()).isEqualTo(cached);
        assertThat(jdbc.queryForObject("select count(*) from notes", Integer.class)).isEqualTo(2);
        web.get().uri("/actuator/litevfs/access.db").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(now);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("litevfs-actuator-access");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
