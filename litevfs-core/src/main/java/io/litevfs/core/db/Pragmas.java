package io.litevfs.core.db;

import io.litevfs.core.cache.PageCache;
import io.litevfs.core.vfs.PragmaAnswer;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The pragmas a connection may send through the VFS, the original LiteVFS's names and answers kept:
 * each one's parsing, validation and answer. A pragma with an argument sets and answers nothing, as the
 * original's do (so the sqlite3 shell prints nothing); without one it answers the value in force.
 * Anything not listed here goes on to SQLite ({@code null}).
 *
 * <table>
 *   <caption>Pragmas</caption>
 *   <tr><td>{@code litevfs_max_prefetch_pages}, {@code litevfs_max_reqs_per_query},
 *       {@code litevfs_cache_sync_period} (seconds, or a duration such as {@code 500ms}), {@code litevfs_max_cached_pages},
 *       {@code litevfs_min_available_space} (bytes)</td><td>settings of this database</td></tr>
 *   <tr><td>{@code litevfs_cache_db}</td><td>fetches every page not cached; answers how many</td></tr>
 *   <tr><td>{@code litevfs_verify}</td><td>checks the whole database against its position's checksum,
 *       repairing the cache if it differs ({@link CacheVerifier})</td></tr>
 *   <tr><td>{@code litevfs_acquire_lease}, {@code litevfs_release_lease}</td><td>the write lease</td></tr>
 *   <tr><td>{@code litevfs_position}, {@code litevfs_sync}</td><td>the position; syncing first</td></tr>
 *   <tr><td>{@code integrity_check}, {@code quick_check}</td><td>fetch every page not cached first, in as few
 *       requests as the store allows, or fail naming the request budget; then SQLite runs them</td></tr>
 *   <tr><td>{@code locking_mode}</td><td>EXCLUSIVE refused, the rest left to SQLite</td></tr>
 *   <tr><td>{@code litevfs_time}</td><td>one connection's, so {@link DatabaseFile} answers it</td></tr>
 * </table>
 */
final class Pragmas {

    private Pragmas() {
    }

    static @Nullable PragmaAnswer apply(VfsDatabase database, String pragma, @Nullable String argument) {
        DatabaseSettings settings = database.settings();
        PageCache cache = database.cache();
        return switch (pragma.toLowerCase(Locale.ROOT)) {
            case "litevfs_max_prefetch_pages" -> setting(pragma, argument, settings::maxPrefetchPages, settings::maxPrefetchPages);
            case "litevfs_max_reqs_per_query" -> setting(pragma, argument, settings::maxRequestsPerQuery, settings::maxRequestsPerQuery);
            case "litevfs_cache_sync_period" -> {
                if (argument == null) {
                    yield PragmaAnswer.of(PragmaDurations.format(settings.syncPeriod()));
                }
                settings.syncPeriod(PragmaDurations.parse(pragma, argument));
                yield PragmaAnswer.NONE;
            }
            case "litevfs_max_cached_pages" -> {
                if (argument == null) {
                    yield PragmaAnswer.of(Integer.toString(cache.maxPages()));
                }
                int pages = (int) integer(pragma, argument);
                DatabaseSettings.require(pages >= 0, "litevfs_max_cached_pages must be 0 (no limit) or more, got " + pages);
                cache.limits(pages, cache.minAvailableSpace());
                yield PragmaAnswer.NONE;
            }
            case "litevfs_min_available_space" -> {
                if (argument == null) {
                    yield PragmaAnswer.of(Long.toString(cache.minAvailableSpace()));
                }
                long bytes = integer(pragma, argument);
                DatabaseSettings.require(bytes >= 0, "litevfs_min_available_space must be 0 or more bytes, got " + bytes);
                cache.limits(cache.maxPages(), bytes);
                yield PragmaAnswer.NONE;
            }
            case "litevfs_cache_db" -> PragmaAnswer.of(Long.toString(database.cacheEverything()));
            case "integrity_check", "quick_check" -> {
                database.cacheForCheck(pragma);
                yield null;
            }
            case "litevfs_verify" -> PragmaAnswer.of(database.verify());
            case "litevfs_acquire_lease" -> PragmaAnswer.of(database.acquireLeaseFromSql());
            case "litevfs_release_lease" -> {
                database.releaseLeaseFromSql();
                yield PragmaAnswer.of("released");
            }
            case "locking_mode" -> {
                if (argument != null && argument.strip().equalsIgnoreCase("exclusive")) {
                    throw new VfsException(SqliteCodes.ERROR, "litevfs: locking_mode=EXCLUSIVE is not supported: "
                            + "LiteVFS ships a commit when SQLite releases its write lock, which exclusive mode never does");
                }
                yield null;
            }
            case "litevfs_position" -> PragmaAnswer.of(database.position().toString());
            case "litevfs_sync" -> {
                database.syncNow();
                yield PragmaAnswer.of(database.position().toString());
            }
            default -> null;
        };
    }

    private static PragmaAnswer setting(String pragma, @Nullable String argument, IntConsumer set, IntSupplier get) {
        if (argument == null) {
            return PragmaAnswer.of(Integer.toString(get.getAsInt()));
        }
        set.accept((int) integer(pragma, argument));
        return PragmaAnswer.NONE;
    }

    private static long integer(String pragma, String argument) {
        try {
            return Long.parseLong(argument.trim());
        } catch (NumberFormatException e) {
            throw new VfsException(SqliteCodes.ERROR, pragma + " takes a whole number, got \"" + argument + "\"");
        }
    }
}
