package io.litevfs.autoconfigure;

import io.litevfs.server.LiteVfsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The embedded stores of this JVM, one per data directory, shared by every application context that asks
 * for one there (Spring's test context cache keeps several alive at once): the first starts it, the others
 * use it with its token, and the last to close stops it. A data directory belongs to one store at a time,
 * so two contexts on one directory must share, never start a second store on it.
 *
 * <p>State: {@code stores} maps each data directory (its real path) to the store and how many contexts
 * hold it; guarded by this class's lock, held while a store starts or stops, so that a context never gets
 * a store being stopped.
 */
final class SharedEmbeddedStores {

    private static final Logger log = LoggerFactory.getLogger(SharedEmbeddedStores.class);
    private static final Map<Path, Shared> stores = new HashMap<>();

    /** A store started once and held by {@code holders} application contexts. */
    private static final class Shared {
        private final LiteVfsServer server;
        private final String token;
        private int holders;

        Shared(LiteVfsServer server, String token) {
            this.server = server;
            this.token = token;
        }
    }

    /** One context's hold on the store of a data directory: {@link #close} gives it back. */
    static final class Hold implements AutoCloseable {
        private final Path directory;
        private final Shared shared;
        private final boolean started;
        private boolean closed;

        private Hold(Path directory, Shared shared, boolean started) {
            this.directory = directory;
            this.shared = shared;
            this.started = started;
        }

        LiteVfsServer server() {
            return shared.server;
        }

        String token() {
            return shared.token;
        }

        /** Whether this hold started the store (the other holders share it). */
        boolean started() {
            return started;
        }

        @Override
        public void close() {
            synchronized (SharedEmbeddedStores.class) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--shared.holders == 0) {
                    stores.remove(directory);
                    shared.server.close();
                }
            }
        }
    }

    private SharedEmbeddedStores() {
    }

    /**
     * The store of {@code dataDirectory}: the one running in this JVM, or one {@code start} starts (given
     * the token it is to check).
     */
    static synchronized Hold hold(Path dataDirectory, String token, Function<String, LiteVfsServer> start) {
        Path key = realPath(dataDirectory);
        Shared running = stores.get(key);
        Shared shared = running != null ? running : new Shared(start.apply(token), token);
        if (running == null) {
            stores.put(key, shared);
        } else {
            log.info("[litevfs] this application context shares the embedded page store at {} (data in {}) with {} "
                    + "other context(s) of this JVM", shared.server.url(), key, shared.holders);
        }
        shared.holders++;
        return new Hold(key, shared, running == null);
    }

    private static Path realPath(Path directory) {
        try {
            return Files.createDirectories(directory).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded store's data directory " + directory.toAbsolutePath(), e);
        }
    }
}
