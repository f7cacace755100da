package io.litevfs.autoconfigure;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.server.LiteVfsServer;
import io.litevfs.server.web.AccessPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * With no {@code litevfs.cloud.url} (nor the original's {@code LITEFS_CLOUD_HOST}) and litevfs-server on
 * the classpath: a page store inside this application, on 127.0.0.1, with its data in
 * {@code litevfs.embedded-store.data-directory}. Unless {@code litevfs.embedded-store.enabled} is set
 * explicitly, start-up says so with a WARN line: an application that forgot to name its store must not
 * quietly serve an empty local database (the Actuator endpoint shows the store too).
 *
 * <p>The store is not open to every local process, nor to web pages the user has open: it checks a
 * token made at random at each start, which this application's client is given. The token is also
 * written, readable by the file's owner alone, to {@value #TOKEN_FILE} in the data directory, so that
 * the same user's other programs (a second node, the shell) can use the store.
 *
 * <p>With {@code litevfs.embedded-store.temporary=true}, the store's data and the context's page cache live in
 * a new directory deleted when the context closes ({@link TemporaryStoreDirectory}): each context, a test's
 * included, starts on an empty store of its own.
 *
 * <p>Application contexts of one JVM on one data directory (Spring's test context cache keeps several
 * alive) share one store, stopped when the last of them closes ({@link SharedEmbeddedStores}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(LiteVfsServer.class)
@ConditionalOnProperty(name = "litevfs.cloud.url", matchIfMissing = true, havingValue = "__never__")
@ConditionalOnBooleanProperty(name = "litevfs.embedded-store.enabled", matchIfMissing = true)
class EmbeddedStoreConfiguration {

    /** The file, in the embedded store's data directory, holding its token of this run. */
    static final String TOKEN_FILE = "embedded-store.token";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreConfiguration.class);

    /**
     * This context's hold on the embedded store of its data directory, started here or shared with the
     * other application contexts of this JVM on the same directory ({@link SharedEmbeddedStores}).
     */
    /** The directory of a temporary store and its cache, deleted when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("litevfs.embedded-store.temporary")
    TemporaryStoreDirectory liteVfsTemporaryStoreDirectory() {
        return new TemporaryStoreDirectory();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LiteVfsServer.class)
    SharedEmbeddedStores.Hold liteVfsEmbeddedStoreHold(LiteVfsProperties properties, Environment environment,
                                                       ObjectProvider<TemporaryStoreDirectory> temporary) {
        LiteVfsProperties.EmbeddedStore settings = properties.getEmbeddedStore();
        TemporaryStoreDirectory temporaryDirectory = temporary.getIfAvailable();
        Path data = temporaryDirectory != null ? temporaryDirectory.storeData() : settings.getDataDirectory();
        String cluster = properties.getCloud().getCluster();
        SharedEmbeddedStores.Hold hold = SharedEmbeddedStores.hold(data, randomToken(), token -> {
            LiteVfsServer server = LiteVfsServer.builder().dataDirectory(data).port(settings.getPort())
                    .token(cluster != null ? cluster : AccessPolicy.DEFAULT_CLUSTER, token).start();
            try {
                writeOwnerOnly(data, token);
            } catch (IOException e) {
                server.close();
                throw new java.io.UncheckedIOException("cannot write the embedded store's token to "
                        + data.toAbsolutePath(), e);
            }
            return server;
        });
        if (hold.started()) {
            Path tokenFile = data.resolve(TOKEN_FILE);
            if (temporaryDirectory != null) {
                log.info("[litevfs] started a temporary embedded page store at {} with data in {}, deleted when this "
                        + "context closes", hold.server().url(), data.toAbsolutePath());
            } else if (environment.containsProperty("litevfs.embedded-store.enabled")) {
                log.info("[litevfs] started the embedded page store at {} with data in {} (its token for other local "
                        + "clients is in {})", hold.server().url(), data.toAbsolutePath(),
                        tokenFile.toAbsolutePath());
            } else {
                log.warn("[litevfs] no store named (litevfs.cloud.url, or LITEFS_CLOUD_HOST): serving databases from an "
                        + "embedded page store at {} with data in {}, empty unless this directory holds them. Meant for "
                        + "development and tests; in production name your store. Set litevfs.embedded-store.enabled=true "
                        + "to say the embedded store is intended (this becomes an INFO line), or false to fail instead",
                        hold.server().url(), data.toAbsolutePath());
            }
        }
        return hold;
    }

    /** The embedded store; stopped by its hold when the last context sharing it closes, never by this bean. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    LiteVfsServer liteVfsEmbeddedStore(SharedEmbeddedStores.Hold hold) {
        return hold.server();
    }

    @Bean
    @ConditionalOnMissingBean
    LiteVfsStore liteVfsStore(LiteVfsServer server, ObjectProvider<SharedEmbeddedStores.Hold> hold) {
        SharedEmbeddedStores.Hold embedded = hold.getIfAvailable();
        return new LiteVfsStore(server.url(), true, embedded == null ? null : embedded.token());
    }

    private static Path writeOwnerOnly(Path directory, String token) throws IOException {
        Path file = OwnerOnly.createDirectories(directory).resolve(TOKEN_FILE);
        Files.deleteIfExists(file);
        try (OutputStream out = OwnerOnly.newOutputStream(file)) {
            out.write((token + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "embedded-" + HexFormat.of().formatHex(bytes);
    }
}
