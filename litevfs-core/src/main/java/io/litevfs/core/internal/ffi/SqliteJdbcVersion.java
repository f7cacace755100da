package io.litevfs.core.internal.ffi;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.Properties;
import java.util.jar.Manifest;

/**
 * The sqlite-jdbc on the classpath against the one this build was verified with. A framework's dependency
 * management (Spring Boot's among them) may pick another sqlite-jdbc than the one LiteVFS declares; LiteVFS
 * reaches into sqlite-jdbc's SQLite, so a user is told which one was found and whether it is the verified
 * one. The version found is the jar's {@code Bundle-Version} (all four parts, e.g. 3.54.1.0), or else its
 * Maven {@code VERSION} file (three parts).
 */
public record SqliteJdbcVersion(@Nullable String found, @Nullable String verified) {

    /** The versions of this run's classpath. */
    public static SqliteJdbcVersion current() {
        return new SqliteJdbcVersion(fromManifest(), verifiedVersion());
    }

    /** True when the version found is the verified one. */
    public boolean isVerified() {
        return found != null && found.equals(verified);
    }

    /** One line for the start-up log. */
    public String describe() {
        if (isVerified()) {
            return "sqlite-jdbc " + found + " (the version LiteVFS is verified with)";
        }
        return "sqlite-jdbc " + (found == null ? "(version unknown)" : found) + ", NOT the version LiteVFS is verified with ("
                + verified + "); a dependency manager may have chosen it (Spring Boot does): pin "
                + verified + " with the Maven property <sqlite-jdbc.version>" + verified
                + "</sqlite-jdbc.version> (Gradle: ext['sqlite-jdbc.version'] = '" + verified + "')";
    }

    private static @Nullable String fromManifest() {
        URL classFile = org.sqlite.JDBC.class.getResource("JDBC.class");
        if (classFile != null) {
            String url = classFile.toString();
            int inJar = url.lastIndexOf("!/");
            if (inJar > 0) {
                try (InputStream in = URI.create(url.substring(0, inJar + 2) + "META-INF/MANIFEST.MF").toURL().openStream()) {
                    String bundle = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
                    if (bundle != null && !bundle.isBlank()) {
                        return bundle.strip();
                    }
                } catch (IOException | IllegalArgumentException unreadable) {
                    // fall back to the Maven VERSION file
                }
            }
        }
        return property(org.sqlite.JDBC.class, "/META-INF/maven/org.xerial/sqlite-jdbc/VERSION", "version");
    }

    private static @Nullable String verifiedVersion() {
        return property(SqliteJdbcVersion.class, "verified.properties", "sqlite-jdbc");
    }

    private static @Nullable String property(Class<?> owner, String resource, String key) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (IOException unreadable) {
            return null;
        }
    }
}
