package io.litevfs.autoconfigure;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.sql.init} scripts run at start-up, outside any transaction: the starter runs them under
 * the write lease, and gives it back once they ran.
 */
class SchemaInitializationTests {

    @TempDir
    Path directory;

    @Test
    void sqlInitScriptsRunUnderTheLease() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(Map.of("litevfs.embedded-store.data-directory", directory.resolve("store").toString(),
                        "litevfs.cache.directory", directory.resolve("cache").toString(),
                        "litevfs.vfs-name", "schema-init-test",
                        "litevfs.datasource.database", "init.db",
                        "spring.sql.init.mode", "always",
                        "spring.sql.init.schema-locations", "classpath:schema-initialization-test.sql"))
                .run()) {
            assertThat(app.getBean(JdbcTemplate.class).queryForObject("select text from greetings", String.class))
                    .isEqualTo("written by spring.sql.init");
            assertThat(app.getBean(LiteVfsServer.class).leases().current("default", "init.db"))
                    .as("the lease was given back once the scripts ran").isNull();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
