package io.litevfs.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original LiteVFS's environment variables as {@code litevfs.*} properties, so an application
 * deployed with them (and the builder's {@code LiteVfs.fromEnvironment}) names the same store:
 * <pre>
 * LITEFS_CLOUD_HOST     litevfs.cloud.url
 * LITEFS_CLOUD_TOKEN    litevfs.cloud.token
 * LITEFS_CLOUD_CLUSTER  litevfs.cloud.cluster
 * LITEVFS_CACHE_DIR     litevfs.cache.directory
 * </pre>
 * Precedence: their property source sits right after the system environment's, so a {@code litevfs.*}
 * setting given on the command line, as a system property or as an environment variable
 * ({@code LITEVFS_CLOUD_URL}) wins over them, and they win over {@code application.properties}, as any
 * environment variable does.
 */
public final class OriginalEnvironmentVariables implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "litevfsOriginalEnvironmentVariables";
    static final Map<String, String> PROPERTIES = Map.of(
            "LITEFS_CLOUD_HOST", "litevfs.cloud.url",
            "LITEFS_CLOUD_TOKEN", "litevfs.cloud.token",
            "LITEFS_CLOUD_CLUSTER", "litevfs.cloud.cluster",
            "LITEVFS_CACHE_DIR", "litevfs.cache.directory");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> variables = environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (variables == null) {
            return;
        }
        Map<String, Object> mapped = new LinkedHashMap<>();
        PROPERTIES.forEach((variable, property) -> {
            Object value = variables.getProperty(variable);
            if (value != null && !value.toString().isBlank()) {
                mapped.put(property, value);
            }
        });
        if (mapped.isEmpty()) {
            return;
        }
        environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new MapPropertySource(SOURCE_NAME, mapped));
    }
}
