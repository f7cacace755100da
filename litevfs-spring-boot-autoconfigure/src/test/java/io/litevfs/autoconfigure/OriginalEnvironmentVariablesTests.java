package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original LiteVFS's variables configure the starter: an application given {@code LITEFS_CLOUD_HOST}
 * uses that store and starts no embedded one; {@code litevfs.*} settings from the environment win over
 * them, and they win over {@code application.properties}.
 */
class OriginalEnvironmentVariablesTests {

    @TempDir
    Path directory;

    @Test
    void theOriginalVariablesNameTheStoreAndTheCacheDirectory() {
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                     .environment(environmentWith(Map.of("LITEFS_CLOUD_HOST", store.url(), "LITEFS_CLOUD_CLUSTER", "default",
                             "LITEVFS_CACHE_DIR", directory.resolve("cache-from-variable").toString())))
                     .properties(Map.of("litevfs.vfs-name", "original-variables", "litevfs.datasource.database", "vars.db"))
                     .run()) {
            assertThat(app.getBean(LiteVfsStore.class).url()).isEqualTo(store.url());
            assertThat(app.getBean(LiteVfsStore.class).embedded()).isFalse();
            assertThat(app.getBeanNamesForType(LiteVfsServer.class)).as("no embedded store").isEmpty();
            assertThat(app.getEnvironment().getProperty("litevfs.cache.directory"))
                    .isEqualTo(directory.resolve("cache-from-variable").toString());
            assertThat(app.getBean(LiteVfs.class).name()).isEqualTo("original-variables");
        }
    }

    @Test
    void litevfsSettingsInTheEnvironmentWinAndTheVariablesWinOverApplicationProperties() {
        StandardEnvironment environment = environmentWith(Map.of("LITEFS_CLOUD_HOST", "http://from-original:1",
                "LITEVFS_CLOUD_CLUSTER", "from-litevfs-variable", "LITEFS_CLOUD_CLUSTER", "from-original",
                "LITEFS_CLOUD_TOKEN", "token-from-original"));
        environment.getPropertySources().addLast(new MapPropertySource("applicationProperties", Map.of(
                "litevfs.cloud.url", "http://from-application-properties:2", "litevfs.cloud.token", "from-file")));
        new OriginalEnvironmentVariables().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("litevfs.cloud.url")).isEqualTo("http://from-original:1");
        assertThat(environment.getProperty("litevfs.cloud.cluster")).isEqualTo("from-litevfs-variable");
        assertThat(environment.getProperty("litevfs.cloud.token")).isEqualTo("token-from-original");
    }

    /** An environment whose system environment is {@code variables} alone. */
    private static StandardEnvironment environmentWith(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new HashMap<>(variables)));
        return environment;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
