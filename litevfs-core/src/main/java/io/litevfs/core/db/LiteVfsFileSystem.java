package io.litevfs.core.db;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.core.cache.PageCache;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.vfs.SqliteCodes;
import io.litevfs.core.vfs.VfsException;
import io.litevfs.core.vfs.VfsFile;
import io.litevfs.core.vfs.VfsFileSystem;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The databases of one LiteVFS instance. Database {@code name} lives locally at
 * {@code <cache directory>/<name>/}: its page cache, the journal SQLite writes beside the database path
 * ({@code database-journal}), and an empty placeholder file at the database path itself (SQLite's
 * default VFS copies its permissions to the journal).
 */
public final class LiteVfsFileSystem implements VfsFileSystem {

    private static final Logger log = LoggerFactory.getLogger(LiteVfsFileSystem.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}");
    private static final String DATABASE_FILE = "database";

    private final Path cacheDirectory;
    private final BlockingCloudClient client;
    private final DatabaseSettings defaults;
    private final int maxCachedPages;
    private final long minAvailableSpace;
    private final LeaseKeeper leases;
    private final Map<String, VfsDatabase> databases = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<String>> openListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LiteVfsFileSystem(Path cacheDirectory, BlockingCloudClient client, DatabaseSettings defaults, int maxCachedPages,
                             long minAvailableSpace, LeaseKeeper leases) {
        this.leases = leases;
        this.cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
        this.client = client;
        this.defaults = defaults;
        this.maxCachedPages = maxCachedPages;
        this.minAvailableSpace = minAvailableSpace;
    }

    /** The directory holding every database's cache; also where files on their way to the store are written. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    public Collection<VfsDatabase> databases() {
        return databases.values();
    }

    /** Calls {@code listener} with the name of each database opened for the first time from now on. */
    public void onFirstOpen(java.util.function.Consumer<String> listener) {
        openListeners.add(listener);
    }

    @Override
    public String fullPathname(String name) {
        if (isDatabasePath(name)) {
            return name;
        }
        if (!NAME.matcher(name).matches()) {
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: \"" + name + "\" is not a database name: use up to 200 "
                    + "letters, digits, '_', '.' or '-', not starting with '.' (a name in the store, not a path)");
        }
        return cacheDirectory.resolve(name).resolve(DATABASE_FILE).toString();
    }

    @Override
    public boolean isDatabasePath(String path) {
        Path candidate = Path.of(path);
        Path parent = candidate.getParent();
        return parent != null && cacheDirectory.equals(parent.getParent())
                && candidate.getFileName().toString().equals(DATABASE_FILE)
                && NAME.matcher(parent.getFileName().toString()).matches();
    }

    @Override
    public boolean exists(String path) {
        String name = nameOf(path);
        VfsDatabase open = databases.get(name);
        return (open != null && !open.position().isZero()) || existsInStore(name);
    }

    @Override
    public VfsFile open(String path, boolean readOnly, boolean create) {
        String name = nameOf(path);
        boolean first = !databases.containsKey(name);
        VfsDatabase database = databases.computeIfAbsent(name, this::load);
        if (first) {
            openListeners.forEach(listener -> listener.accept(name));
        }
        if (database.openFiles() == 0) {
            catchUp(database, create);
        }
        return database.open(readOnly);
    }

    private VfsDatabase load(String name) {
        Path directory = cacheDirectory.resolve(name);
        try {
            OwnerOnly.createDirectories(directory);
            Path placeholder = directory.resolve(DATABASE_FILE);
            if (!Files.exists(placeholder)) {
                OwnerOnly.open(placeholder, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            }
            discardInterruptedTransaction(name, directory);
            PageCache cache = PageCache.open(directory.resolve("cache"), maxCachedPages, minAvailableSpace);
            return new VfsDatabase(name, cache, client, defaults.copy(), leases, directory);
        } catch (IOException e) {
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: cannot prepare the local directory " + directory
                    + " of database " + name + ": " + e, e);
        }
    }

    /**
     * A process that died inside a write transaction leaves its journal and written pages behind. Nothing
     * of that transaction reached the store (a commit is shipped before SQLite's call returns), and the
     * store is the authority, so both are discarded: SQLite must not "roll back" pages onto the store's.
     */
    private static void discardInterruptedTransaction(String name, Path directory) throws IOException {
        Path journal = directory.resolve(DATABASE_FILE + "-journal");
        if (Files.exists(journal)) {
            log.warn("[vfs] db={}: discarding the journal of a transaction interrupted by a crash; it never reached "
                    + "the store, which has the last committed state", name);
            Files.delete(journal);
        }
        DirtyPages.discardLeftovers(directory.resolve(WriteTransaction.DIRTY_FILE));
    }

    /**
     * Brings a database that no connection has open up to the store's position before the first
     * connection reads: the cache keeps what is still valid. Without the store, a cached database opens
     * at its cached position; an uncached one cannot open.
     */
    private void catchUp(VfsDatabase database, boolean create) {
        Pos cached = database.position();
        DbChanges changes;
        try {
            changes = database.sync();
        } catch (CloudException e) {
            if (!cached.isZero()) {
                log.warn("[vfs] db={}: the store cannot be reached ({}); opening at the cached position {}",
                        database.name(), e.getMessage(), cached);
                return;
            }
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: cannot open database " + database.name()
                    + ": it is not cached and the store cannot be reached: " + e.getMessage(), e);
        }
        if (changes.pos().isZero() && !create && !existsInStore(database.name())) {
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: database " + database.name()
                    + " does not exist in the store (open it read-write to create it)");
        }
    }

    private boolean existsInStore(String name) {
        try {
            return client.positions().containsKey(name);
        } catch (CloudException e) {
            throw new VfsException(SqliteCodes.IOERR_ACCESS, "litevfs: cannot ask the store whether " + name
                    + " exists: " + e.getMessage(), e);
        }
    }

    private String nameOf(String path) {
        if (!isDatabasePath(path)) {
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: " + path + " is not a LiteVFS database path");
        }
        Path directory = Path.of(path).getParent();
        Path name = directory == null ? null : directory.getFileName();
        if (name == null) {
            throw new VfsException(SqliteCodes.CANTOPEN, "litevfs: " + path + " names no database directory");
        }
        return name.toString();
    }

    /** Closes every database's cache. */
    public void close() {
        for (VfsDatabase database : databases.values()) {
            try {
                database.close();
            } catch (IOException e) {
                log.warn("[vfs] db={}: closing the cache failed: {}", database.name(), e.toString());
            }
        }
        databases.clear();
    }
}
