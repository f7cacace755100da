package io.litevfs.autoconfigure;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that names no cache directory gets one of its own: two applications of one machine never
 * meet on one (the second would be refused by the directory's lock), and none is in the shared temporary
 * directory.
 */
class ApplicationCacheDirectoryTests {

    private static final Map<String, String> CACHE_HOME = Map.of("XDG_CACHE_HOME", "/home/me/.cache");

    @Test
    void anApplicationIsKnownByItsName() {
        assertThat(ApplicationCacheDirectory.of("orders", Path.of("/srv/orders"), "litevfs", CACHE_HOME))
                .isEqualTo(Path.of("/home/me/.cache/litevfs/orders/litevfs"));
        assertThat(ApplicationCacheDirectory.of("my app/1", Path.of("/srv/x"), "litevfs", CACHE_HOME))
                .as("a name made fit for a directory").isEqualTo(Path.of("/home/me/.cache/litevfs/my_app_1/litevfs"));
    }

    @Test
    void applicationsWithoutANameAreKnownByTheirWorkingDirectory() {
        Path orders = ApplicationCacheDirectory.of(null, Path.of("/srv/orders"), "litevfs", CACHE_HOME);
        Path billing = ApplicationCacheDirectory.of(" ", Path.of("/srv/billing"), "litevfs", CACHE_HOME);
        assertThat(orders).isNotEqualTo(billing);
        assertThat(orders).isEqualTo(ApplicationCacheDirectory.of(null, Path.of("/srv/orders/."), "litevfs", CACHE_HOME));
        assertThat(orders.getParent().getFileName().toString()).matches("app-[0-9a-f]{12}");
        assertThat(orders).startsWithRaw(Path.of("/home/me/.cache/litevfs"));
    }

    @Test
    void anApplicationContextWithoutACacheDirectoryUsesItsOwn() {
        String vfs = "per-app-" + System.nanoTime();
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(LiteVfsAutoConfiguration.class))
                .withPropertyValues("spring.application.name=cache-per-app", "litevfs.vfs-name=" + vfs,
                        "litevfs.embedded-store.data-directory=" + Path.of("target", vfs).toAbsolutePath())
                .run(context -> assertThat(ApplicationCacheDirectory.of("cache-per-app", Path.of(""), vfs, System.getenv())
                        .resolve(".litevfs.lock")).exists());
    }
}
