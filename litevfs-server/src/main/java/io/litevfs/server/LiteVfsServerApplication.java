package io.litevfs.server;

import io.litevfs.server.config.LiteVfsServerConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import java.util.Map;

/**
 * Runs the page store as a program. Settings come from {@code --litevfs.server.*} arguments,
 * {@code LITEVFS_SERVER_*} environment variables, or {@code litevfs-server.properties} (or {@code .yaml})
 * in the working directory; see the README's configuration table.
 */
public final class LiteVfsServerApplication {

    /** The name of the configuration file, chosen so that it never collides with a host application's. */
    static final String CONFIG_NAME = "litevfs-server";

    private LiteVfsServerApplication() {
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(LiteVfsServerConfiguration.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        application.setDefaultProperties(Map.of(
                "spring.config.name", CONFIG_NAME,
                "server.port", "20202"));
        application.run(args);
    }
}
