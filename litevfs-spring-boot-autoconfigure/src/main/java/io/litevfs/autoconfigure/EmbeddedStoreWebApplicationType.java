package io.litevfs.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Manifest;

/**
 * Keeps the embedded store from changing the application's web application type. The store is a WebFlux
 * application on Reactor Netty, so with it on the classpath Spring Boot would start a plain (non-web)
 * application as a reactive web server on port 8080. When Boot deduced {@code REACTIVE} only from those
 * classes (no {@code spring-boot-starter-webflux} jar on the classpath: the store depends on WebFlux's
 * modules, never on the starter, so the starter is there only if the application asked for it), and the
 * application did not set {@code spring.main.web-application-type}, the type becomes {@code NONE}.
 * A servlet application is deduced {@code SERVLET} and left alone, as is a WebFlux application; one that
 * uses WebFlux without its starter sets {@code spring.main.web-application-type=reactive}.
 */
public final class EmbeddedStoreWebApplicationType implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "litevfsEmbeddedStoreWebApplicationType";
    private static final String PROPERTY = "spring.main.web-application-type";
    private static final String STORE = "io.litevfs.server.LiteVfsServer";
    private static final String WEBFLUX_STARTER = "spring.boot.starter.webflux";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ClassLoader loader = application.getClassLoader();
        if (application.getWebApplicationType() != WebApplicationType.REACTIVE || environment.containsProperty(PROPERTY)
                || !ClassUtils.isPresent(STORE, loader) || isTheStoreItself(application) || hasWebFluxStarter(loader)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(PROPERTY, "none")));
    }

    private static boolean isTheStoreItself(SpringApplication application) {
        return application.getAllSources().stream()
                .anyMatch(source -> source instanceof Class<?> type && type.getName().startsWith("io.litevfs.server."));
    }

    /** Whether a jar of the classpath is spring-boot-starter-webflux (its manifest names its module). */
    static boolean hasWebFluxStarter(ClassLoader loader) {
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                if (!url.toString().contains("spring-boot-starter-webflux")) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    if (WEBFLUX_STARTER.equals(new Manifest(in).getMainAttributes().getValue("Automatic-Module-Name"))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException unreadable) {
            return true;
        }
    }
}
