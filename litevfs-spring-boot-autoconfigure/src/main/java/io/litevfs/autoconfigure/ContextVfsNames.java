package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The VFS name and cache directory of each application context. SQLite's VFS names are global to the
 * process, and Spring's test context cache keeps several contexts of one application alive at once (a
 * slice, a full context, one with other properties): each registers a VFS of its own and behaves as a
 * node of its own (its cache, its leases), closed with its context. The configured name goes to the first
 * context; a later one, finding it registered, takes the first free of {@code name-2}, {@code name-3}, ...
 * with a cache directory of the same suffix, and says so. Its DataSource follows
 * ({@link LiteVfsJdbcConnectionDetails} asks the registered VFS for its URL); only a hand-written URL naming
 * the configured VFS would reach another context's.
 *
 * <p>State: none but SQLite's registry. Choosing a name and registering it happen under this class's
 * lock, so two contexts starting at once never pick one name.
 */
final class ContextVfsNames {

    private static final Logger log = LoggerFactory.getLogger(ContextVfsNames.class);
    private static final int MOST_CONTEXTS = 1_000;

    private ContextVfsNames() {
    }

    /**
     * Registers {@code builder}'s VFS under {@code configuredName}, or the first free suffixed name.
     *
     * @param explicitCache the cache directory the application set, or null for {@code defaultCache}'s
     * @param defaultCache  the default cache directory of a VFS name
     * @param customize     the application's customizers, applied last (one that sets a name keeps it)
     */
    static synchronized LiteVfs register(LiteVfs.Builder builder, String configuredName, @Nullable Path explicitCache,
                                         Function<String, Path> defaultCache, Consumer<LiteVfs.Builder> customize) {
        int suffix = 1;
        String name = configuredName;
        while (LiteVfs.isRegistered(name)) {
            if (++suffix > MOST_CONTEXTS) {
                throw new IllegalStateException("VFS names " + configuredName + " to " + name + " are all registered "
                        + "in this JVM: set litevfs.vfs-name");
            }
            name = configuredName + "-" + suffix;
        }
        Path cache = explicitCache == null ? defaultCache.apply(name) : suffixed(explicitCache, suffix);
        if (suffix > 1) {
            log.info("[litevfs] VFS '{}' is registered by another application context of this JVM (Spring's test "
                    + "context cache keeps several alive): this context registers '{}', with its own cache in {}, as a "
                    + "node of its own", configuredName, name, cache.toAbsolutePath());
        }
        builder.vfsName(name).cacheDirectory(cache);
        customize.accept(builder);
        return builder.register();
    }

    private static Path suffixed(Path directory, int suffix) {
        if (suffix == 1) {
            return directory;
        }
        Path absolute = directory.toAbsolutePath().normalize();
        Path name = absolute.getFileName();
        return absolute.resolveSibling((name == null ? "litevfs" : name.toString()) + "-" + suffix);
    }
}
