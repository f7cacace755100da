package io.litevfs.core.db;

import io.litevfs.core.cache.PageCache;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The pragmas a connection may send through the VFS, the original LiteVFS's names kept: each one's
 * parsing, validation and answer. A pragma with an argument sets, then answers the value in force;
 * without one it only answers. Anything not listed here goes on to SQLite ({@code null}).
 *
 * <table>
 *   <caption>Pragmas</caption>
 *   <tr><td>{@code litevfs_max_prefetch_pages}, {@code litevfs_max_reqs_per_query},
 *       {@code litevfs_cache_sync_period} (ms), {@code litevfs_max_cached_pages},
 *       {@code litevfs_min_available_space} (bytes)</td><td>settings of this database</td></tr>
 *   <tr><td>{@code litevfs_cache_db}</td><td>fetches every page not cached; answers how many</td></tr>
 *   <tr><td>{@code litevfs_acquire_lease}, {@code litevfs_release_lease}</td><td>the write lease</td></tr>
 *   <tr><td>{@code litevfs_position}, {@code litevfs_sync}</td><td>the position; syncing first</td></tr>
 *   <tr><td>{@code locking_mode}</td><td>EXCLUSIVE refused, the rest left to SQLite</td></tr>
 * </table>
 */
final class Pragmas {

    private Pragmas() {
    }

    static @Nullable String apply(VfsDatabase database, String pragma, @Nullable String argument) {
        DatabaseSettings settings = database.settings();
        PageCache cache = database.cache();
        return switch (pragma.toLowerCase(Locale.ROOT)) {
            case "litevfs_max_prefetch_pages" -> setting(pragma, argument, settings::maxPrefetchPages, settings::maxPrefetchPages);
            case "litevfs_max_reqs_per_query" -> setting(pragma, argument, settings::maxRequestsPerQuery, settings::maxRequestsPerQuery);
            case "litevfs_cache_sync_period" -> {
                if (argument != null) {
                    settings.syncPeriod(Duration.ofMillis(integer(pragma, argument)));
                }
                yield Long.toString(settings.syncPeriod().toMillis());
            }
            case "litevfs_max_cached_pages" -> {
                if (argument != null) {
                    int pages = (int) integer(pragma, argument);
                    DatabaseSettings.require(pages >= 0, "litevfs_max_cached_pages must be 0 (no limit) or more, got " + pages);
                    cache.limits(pages, cache.minAvailableSpace());
                }
                yield Integer.toString(cache.maxPages());
            }
            case "litevfs_min_available_space" -> {
                if (argument != null) {
                    long bytes = integer(pragma, argument);
                    DatabaseSettings.require(bytes >= 0, "litevfs_min_available_space must be 0 or more bytes, got " + bytes);
                    cache.limits(cache.maxPages(), bytes);
                }
                yield Long.toString(cache.minAvailableSpace());
            }
            case "litevfs_cache_db" -> Long.toString(database.cacheEverything());
            case "litevfs_acquire_lease" -> database.acquireLeaseFromSql();
            case "litevfs_release_lease" -> {
                database.releaseLeaseFromSql();
                yield "released";
            }
            case "locking_mode" -> {
                if (argument != null && argument.strip().equalsIgnoreCase("exclusive")) {
                    throw new VfsException(SqliteCodes.ERROR, "litevfs: locking_mode=EXCLUSIVE is not supported: "
                            + "LiteVFS ships a commit when SQLite releases its write lock, which exclusive mode never does");
                }
                yield null;
            }
            case "litevfs_position" -> database.position().toString();
            case "litevfs_sync" -> {
                database.syncNow();
                yield database.position().toString();
            }
            default -> null;
        };
    }

    private static String setting(String pragma, @Nullable String argument, IntConsumer set, IntSupplier get) {
        if (argument != null) {
            set.accept((int) integer(pragma, argument));
        }
        return Integer.toString(get.getAsInt());
    }

    private static long integer(String pragma, String argument) {
        try {
            return Long.parseLong(argument.trim());
        } catch (NumberFormatException e) {
            throw new VfsException(SqliteCodes.ERROR, pragma + " takes a whole number, got \"" + argument + "\"");
        }
    }
}
