package io.litevfs.samples.liquibase;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Liquibase migrates a LiteVFS database at start-up, under the lease, and gives the lease back. */
class LiquibaseTests {

    @TempDir
    Path directory;

    @Test
    void theChangelogRunsUnderTheLeaseAndAgainNotAtAll() {
        Map<String, Object> properties = Map.of("litevfs.embedded-store.data-directory", directory.resolve("store").toString(),
                "litevfs.embedded-store.enabled", "true", "litevfs.cache.directory", directory.resolve("cache").toString());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LiquibaseApplication.class)
                .web(WebApplicationType.NONE).properties(properties).run()) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("select name from events", String.class)).containsExactly("created by Liquibase");
            assertThat(jdbc.queryForObject("select count(*) from databasechangelog", Integer.class)).isEqualTo(2);
            assertThat(app.getBean(LiteVfsServer.class).leases().current("default", "liquibase.db"))
                    .as("the lease was given back once the changelog ran").isNull();
        }
        try (ConfigurableApplicationContext again = new SpringApplicationBuilder(LiquibaseApplication.class)
                .web(WebApplicationType.NONE).properties(properties).run()) {
            assertThat(again.getBean(JdbcTemplate.class).queryForObject("select count(*) from events", Integer.class))
                    .as("a second start runs nothing again").isEqualTo(1);
        }
    }
}
