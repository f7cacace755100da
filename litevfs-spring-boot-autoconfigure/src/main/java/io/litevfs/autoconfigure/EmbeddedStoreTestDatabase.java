package io.litevfs.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import java.util.Map;

/**
 * Keeps Boot's test slices ({@code @DataJpaTest}, {@code @DataJdbcTest}, {@code @JdbcTest}) on LiteVFS when
 * the database is served by the embedded store, which lives in the test's own JVM and so is a test
 * database. Their {@code @AutoConfigureTestDatabase} replaces, by default, every DataSource that is not
 * connected to a test database (Testcontainers, a {@code @DynamicPropertySource} URL) with an in-memory one:
 * with H2 on the classpath, the slice would silently run on H2; without it, fail. So when the embedded
 * store will serve {@code litevfs.datasource.database}, this sets {@code spring.test.database.replace} to
 * {@code none} as the lowest-precedence default: the slice runs on LiteVFS, and a test that wants the
 * in-memory database says so ({@code @AutoConfigureTestDatabase(replace = ANY)} or the property).
 *
 * <p>A store named by {@code litevfs.cloud.url} (or {@code LITEFS_CLOUD_HOST}) is not assumed to be a test
 * store: Boot's default stands, so a slice never writes to a shared store by accident.
 */
public final class EmbeddedStoreTestDatabase implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "litevfsEmbeddedStoreTestDatabase";
    static final String REPLACE = "spring.test.database.replace";
    private static final String STORE = "io.litevfs.server.LiteVfsServer";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (servedByTheEmbeddedStore(environment, application.getClassLoader()) && !environment.containsProperty(REPLACE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(REPLACE, "none")));
        }
    }

    private static boolean servedByTheEmbeddedStore(ConfigurableEnvironment environment, ClassLoader loader) {
        return environment.getProperty("litevfs.enabled", Boolean.class, true)
                && environment.getProperty("litevfs.embedded-store.enabled", Boolean.class, true)
                && hasText(environment.getProperty("litevfs.datasource.database"))
                && !hasText(environment.getProperty("litevfs.cloud.url"))
                && !hasText(environment.getProperty("LITEFS_CLOUD_HOST"))
                && ClassUtils.isPresent(STORE, loader);
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
