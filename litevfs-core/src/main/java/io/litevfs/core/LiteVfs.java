package io.litevfs.core;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.core.cache.CacheDirectoryLock;
import io.litevfs.protocol.DirectoryLock;
import io.litevfs.core.cloud.BlockingCloudClient;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.LtxUpload;
import io.litevfs.core.cloud.PageEncoding;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.RestorePoint;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.db.DatabaseImport;
import io.litevfs.core.db.DatabaseSettings;
import io.litevfs.core.db.LeaseKeeper;
import io.litevfs.core.db.LiteVfsFileSystem;
import io.litevfs.core.db.SettledUpload;
import io.litevfs.core.db.Syncer;
import io.litevfs.core.db.VfsDatabase;
import io.litevfs.core.internal.ffi.NativeVfs;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A LiteVFS instance: a VFS registered under a name in the SQLite of sqlite-jdbc, serving databases of
 * one page store from one local cache directory.
 * <pre>{@code
 * try (LiteVfs vfs = LiteVfs.builder().storeUrl("http://127.0.0.1:20202").cacheDirectory(dir).register();
 *      Connection c = DriverManager.getConnection(vfs.jdbcUrl("demo.db"))) {
 *     ...
 * }
 * }</pre>
 * Several instances may live in one JVM under different names and cache directories (as several
 * nodes would). {@link #close()} stops syncing, unregisters the VFS and ends the store client's event loops
 * when it made that client itself (a process that exits at once then does not wait on them); close
 * connections first.
 *
 * <p>About 420 lines, of which {@link Builder} is 160: the public entry point and its builder stay
 * in one file, where a user of the API looks for both.
 */
public final class LiteVfs implements AutoCloseable {

    private final String name;
    private final NativeVfs nativeVfs;
    private final LiteVfsFileSystem fileSystem;
    private final Syncer syncer;
    private final BlockingCloudClient client;
    /** The store client this instance made itself (none when given one), closed with it. */
    private final @Nullable CloudClient ownClient;
    private final LeaseKeeper leases;
    private final DirectoryLock cacheLock;
    private final List<Consumer<String>> leaseWantedListeners;
    private final Object directCalls = new Object();

    private LiteVfs(String name, NativeVfs nativeVfs, LiteVfsFileSystem fileSystem, Syncer syncer,
                    BlockingCloudClient client, @Nullable CloudClient ownClient, LeaseKeeper leases, DirectoryLock cacheLock,
                    List<Consumer<String>> leaseWantedListeners) {
        this.name = name;
        this.ownClient = ownClient;
        this.leaseWantedListeners = leaseWantedListeners;
        this.cacheLock = cacheLock;
        this.nativeVfs = nativeVfs;
        this.fileSystem = fileSystem;
        this.syncer = syncer;
        this.client = client;
        this.leases = leases;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configured by the original LiteVFS's environment variables: {@code LITEFS_CLOUD_HOST} (the store
     * URL, required), {@code LITEFS_CLOUD_TOKEN}, {@code LITEFS_CLOUD_CLUSTER}, {@code LITEVFS_CACHE_DIR}.
     */
    public static LiteVfs fromEnvironment() {
        return builder().environment(System.getenv()).register();
    }

    /**
     * Whether a VFS named {@code vfsName} is registered in this process's SQLite (sqlite-jdbc's), by a LiteVFS
     * instance or anyone else; {@link Builder#register} refuses such a name.
     */
    public static boolean isRegistered(String vfsName) {
        return NativeVfs.isRegistered(vfsName);
    }

    /** The VFS name, as in {@code ?vfs=}. */
    public String name() {
        return name;
    }

    public String jdbcUrl(String database) {
        return JdbcUrls.of(database, name);
    }

    /** The client this instance talks to the store with. */
    public CloudClient client() {
        return client.reactive();
    }

    /** Every database this instance has opened, with its figures. */
    public List<DatabaseStatus> databases() {
        return fileSystem.databases().stream().map(LiteVfs::status).toList();
    }

    public Optional<DatabaseStatus> database(String database) {
        return fileSystem.databases().stream().filter(d -> d.name().equals(database)).findFirst().map(LiteVfs::status);
    }

    /** What {@link #withWriteLease} runs. */
    @FunctionalInterface
    public interface WriteAction<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code action} holding the write lease of {@code database}: waits for the lease (another writer
     * may hold it) up to {@code timeout}, catches up with the store, runs, and releases this hold whatever
     * happens (the lease itself stays while other users in this process hold it). A release that fails
     * does not turn a success into a failure: the lease ends by itself at its expiry. Parity with the
     * original demos' {@code WithWriteLease}.
     */
    public <T> T withWriteLease(String database, Duration timeout, WriteAction<T> action) throws Exception {
        try (WriteLease ignored = writeLease(database, timeout)) {
            return action.run();
        }
    }

    /**
     * Takes a hold on the write lease of {@code database}, acquiring the lease when this instance does not
     * hold it yet (waiting up to {@code timeout} while another writer does) and then catching up with the
     * store. Joining a lease already held needs no catching up: while this instance held it, no other
     * writer could move the database on. Close the hold when the writes are done.
     *
     * @throws CloudException {@code ELEASEEXISTS} when the lease stayed taken, or the store's refusal
     */
    public WriteLease writeLease(String database, Duration timeout) throws InterruptedException {
        WriteLease lease = new WriteLease(leases, database);
        acquire(database, lease, timeout);
        return lease;
    }

    /**
     * Takes the write lease of {@code database} for direct calls (or keeps the one held), waiting up to
     * {@code timeout} while another writer holds it, then catches up with the store. Direct calls share
     * one hold, ended by {@link #releaseLease}; prefer {@link #writeLease}, whose holds are independent.
     *
     * @throws CloudException {@code ELEASEEXISTS} when the lease stayed taken, or the store's refusal
     */
    public void acquireLease(String database, Duration timeout) throws InterruptedException {
        acquire(database, directCalls, timeout);
    }

    private void acquire(String database, Object holder, Duration timeout) throws InterruptedException {
        if (leases.acquire(database, holder, timeout).newlyAcquired()) {
            opened(database).ifPresent(VfsDatabase::syncNow);
        }
    }

    /**
     * Makes the plain SQLite file {@code sqliteFile} the content of {@code database} in the store, as one
     * transaction under the write lease: a new database starts at TXID 1, an existing one moves to its
     * next TXID (other nodes follow as with any write). The file must not be written meanwhile; one with
     * a hot journal or a write-ahead log is refused with what to do. Returns the database's new position.
     */
    public Pos importDatabase(String database, Path sqliteFile, Duration leaseTimeout) throws Exception {
        DatabaseImport.checkedPageSize(sqliteFile);
        return withWriteLease(database, leaseTimeout, () -> {
            Pos current = client.positions().getOrDefault(database, Pos.ZERO);
            Path ltx = OwnerOnly.createTempFile(OwnerOnly.createDirectories(fileSystem.cacheDirectory()), "import-", ".ltx");
            try {
                byte[] firstPage = current.isZero() ? null : firstPage(database, current);
                Pos reached = DatabaseImport.encode(sqliteFile, current, firstPage, ltx);
                new SettledUpload(client).send(database, Objects.requireNonNull(leases.heldId(database)),
                        new LtxUpload.OnDisk(ltx), reached);
                opened(database).ifPresent(VfsDatabase::syncNow);
                return reached;
            } finally {
                Files.deleteIfExists(ltx);
            }
        });
    }

    /**
     * Restores {@code database} to its content as of a point of the store's history ({@link
     * RestorePoint#at(java.time.Instant)}: the newest point the store accepted by then, or a TXID), as one
     * new transaction under the write lease: history is kept, so a restore is undone by restoring to the
     * point before it, and other nodes follow as with any write. Returns the database's new position.
     *
     * @throws io.litevfs.core.cloud.CloudException {@code ENOTXID} naming the oldest point kept when the
     *         point is older, {@code EBADINPUT} for a time in the future, {@code ENODB} for an unknown database
     */
    public Pos restore(String database, RestorePoint point, Duration leaseTimeout) throws Exception {
        return withWriteLease(database, leaseTimeout, () -> {
            client.restore(database, Objects.requireNonNull(leases.heldId(database)), point);
            opened(database).ifPresent(VfsDatabase::syncNow);
            return client.positions().getOrDefault(database, Pos.ZERO);
        });
    }

    private byte[] firstPage(String database, Pos at) {
        var pages = client.pages(database, at, new long[] {1});
        if (pages.isEmpty()) {
            throw new IllegalStateException("the store did not return page 1 of " + database + " at " + at);
        }
        return pages.getFirst().data();
    }

    /**
     * Ends the direct calls' hold on the write lease of {@code database} (see {@link #acquireLease}); the
     * lease goes back to the store unless another hold keeps it.
     */
    public void releaseLease(String database) {
        leases.release(database, directCalls);
    }

    /** When the lease held on {@code database} ends unless refreshed; empty when none is held. */
    public Optional<java.time.Instant> leaseExpiry(String database) {
        return Optional.ofNullable(leases.heldId(database) == null ? null : leases.expiresAt(database));
    }

    /** Syncs {@code database} with the store now (changes apply once no connection holds a lock). */
    public void syncNow(String database) {
        required(database).syncNow();
    }

    /** Fetches every page of {@code database} not cached yet; returns how many were fetched. */
    public long cacheDatabase(String database) {
        return required(database).cacheEverything();
    }

    /**
     * Checks the whole of {@code database} as this node reads it against its position's checksum
     * ({@code PRAGMA litevfs_verify}): {@code ok: ...}, or {@code repaired: ...} when the cache differed from the
     * store (every cached page is then fetched again); fails when the store's own pages do not add up.
     */
    public String verify(String database) {
        return required(database).verify();
    }

    /** Drops every cached page of {@code database}; refused while a connection holds a lock on it. */
    public void dropCache(String database) {
        required(database).dropCache();
    }

    /** Forgets the calling thread's last LiteVFS failure, so that a later check sees only new ones. */
    public static void clearLastError() {
        NativeVfs.clearLastError();
    }

    private Optional<VfsDatabase> opened(String database) {
        return fileSystem.databases().stream().filter(d -> d.name().equals(database)).findFirst();
    }

    private VfsDatabase required(String database) {
        return opened(database).orElseThrow(() -> new IllegalArgumentException("database " + database
                + " has not been opened through VFS '" + name + "'"));
    }

    /** Calls {@code listener} with the name of every database this instance opens for the first time. */
    public void onDatabaseOpened(java.util.function.Consumer<String> listener) {
        fileSystem.onFirstOpen(listener);
    }

    /** Whether this instance holds the write lease of {@code database}. */
    public boolean holdsLease(String database) {
        return leases.heldId(database) != null;
    }

    /**
     * The message of the last LiteVFS failure on the calling thread. SQLite reports I/O errors from a
     * VFS with a fixed text ("disk I/O error"); this says what happened and what to do.
     */
    public static @Nullable String lastError() {
        return NativeVfs.lastError();
    }

    /**
     * The SQLite result code of the last LiteVFS failure on the calling thread (sqlite-jdbc does not pass
     * on codes it does not know). {@link io.litevfs.core.vfs.SqliteCodes#IOERR_POSITION_MISMATCH} means the
     * store moved on: retry the transaction.
     */
    public static int lastErrorCode() {
        return NativeVfs.lastErrorCode();
    }

    /**
     * Calls {@code listener} with the database of every lease-wanted notice the store pushes (with push
     * sync): another writer was refused the lease of a database this instance holds. A holder that keeps
     * the lease only in case more writes come (lingering) should give it back. Close the handle to stop.
     */
    public AutoCloseable onLeaseWanted(Consumer<String> listener) {
        leaseWantedListeners.add(listener);
        return () -> leaseWantedListeners.remove(listener);
    }

    /**
     * Stops following the store and gives back every lease this instance holds, while the HTTP client
     * still works; reads go on from what is cached, writes need a lease again. The first step of a
     * shutdown ({@link #close} does it too): an application framework calls it before it tears down the
     * HTTP resources the client uses, so that nothing fails noisily on the way out.
     */
    public void stopFollowing() {
        syncer.close();
        leases.close();
    }

    @Override
    public void close() {
        try {
            stopFollowing();
            nativeVfs.close();
            fileSystem.close();
        } finally {
            try {
                cacheLock.close();
            } finally {
                if (ownClient != null) {
                    ownClient.close();
                }
            }
        }
    }

    private static DatabaseStatus status(VfsDatabase database) {
        return new DatabaseStatus(database.name(), database.position(), database.storePosition(), database.lastSync(),
                database.cacheStats(), database.remoteRequests(), database.bytesFetched(), database.openFiles(),
                database.originalRequests(), database.originalPagesRequested());
    }

    /** Settings of an instance; every one has a default but the store URL. */
    public static final class Builder {

        private @Nullable String storeUrl;
        private @Nullable String token;
        private @Nullable String cluster;
        private @Nullable Path cacheDirectory;
        private String vfsName = Defaults.VFS_NAME;
        private Duration syncPeriod = Defaults.SYNC_PERIOD;
        private int maxPrefetchPages = Defaults.MAX_PREFETCH_PAGES;
        private int maxRequestsPerQuery = Defaults.MAX_REQUESTS_PER_QUERY;
        private int maxCachedPages = Defaults.MAX_CACHED_PAGES;
        private long minAvailableSpace = Defaults.MIN_AVAILABLE_SPACE_BYTES;
        private Duration requestTimeout = Defaults.REQUEST_TIMEOUT;
        private Resilience resilience = Resilience.DEFAULTS;
        private boolean push = Defaults.PUSH;
        private boolean allowInsecureHttp = Defaults.ALLOW_INSECURE_HTTP;
        private Duration leaseDuration = Defaults.LEASE_DURATION;
        private @Nullable CloudClient client;

        private Builder() {
        }

        /** The page store, e.g. {@code http://127.0.0.1:20202}. Required. */
        public Builder storeUrl(String url) {
            this.storeUrl = url;
            return this;
        }

        /** Sent verbatim in {@code Authorization}; none for a store in open mode. */
        public Builder token(@Nullable String token) {
            this.token = token;
            return this;
        }

        public Builder cluster(@Nullable String cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Where page caches and journals live; default {@code $XDG_CACHE_HOME/litevfs/<vfs name>}, or
         * {@code ~/.cache/litevfs/<vfs name>} (see {@link #defaultCacheDirectory}).
         */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /** The name in {@code ?vfs=}; default {@code litevfs}. */
        public Builder vfsName(String name) {
            this.vfsName = name;
            return this;
        }

        public Builder syncPeriod(Duration period) {
            this.syncPeriod = period;
            return this;
        }

        public Builder maxPrefetchPages(int pages) {
            this.maxPrefetchPages = pages;
            return this;
        }

        public Builder maxRequestsPerQuery(int requests) {
            this.maxRequestsPerQuery = requests;
            return this;
        }

        /** Most pages cached per database; 0 (the default) for no limit but the disk's. */
        public Builder maxCachedPages(int pages) {
            this.maxCachedPages = pages;
            return this;
        }

        /** Free disk space the cache leaves; default 256 MiB. */
        public Builder minAvailableSpace(long bytes) {
            this.minAvailableSpace = bytes;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Retries of a request that got no answer or a 5xx; default 2. */
        public Builder retries(int retries) {
            this.resilience = resilience.withRetries(retries);
            return this;
        }

        /** Wait before the first retry, doubling after each; default 100 ms. */
        public Builder retryBackoff(Duration backoff) {
            this.resilience = resilience.withRetryBackoff(backoff);
            return this;
        }

        /** Retries and circuit breaker of the built-in client, all at once; default {@link Resilience#DEFAULTS}. */
        public Builder resilience(Resilience resilience) {
            this.resilience = resilience;
            return this;
        }

        /** Whether to follow the store's position events (push extension) besides polling; default true. */
        public Builder push(boolean push) {
            this.push = push;
            return this;
        }

        /** How long a write lease lasts unless refreshed (every third of it); default 5 s. */
        public Builder leaseDuration(Duration duration) {
            this.leaseDuration = duration;
            return this;
        }

        /**
         * Whether the store may be reached over plain http at a host other than loopback (off: such a URL is
         * refused, since anyone on the way could read and change pages, token and commits; use https).
         */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** A client of one's own (with other resilience settings, say) instead of the built-in one. */
        public Builder cloudClient(CloudClient client) {
            this.client = client;
            return this;
        }

        /** Takes the original LiteVFS's environment variables from {@code environment}. */
        public Builder environment(Map<String, String> environment) {
            Optional.ofNullable(environment.get("LITEFS_CLOUD_HOST")).ifPresent(this::storeUrl);
            Optional.ofNullable(environment.get("LITEFS_CLOUD_TOKEN")).ifPresent(this::token);
            Optional.ofNullable(environment.get("LITEFS_CLOUD_CLUSTER")).ifPresent(this::cluster);
            Optional.ofNullable(environment.get("LITEVFS_CACHE_DIR")).map(Path::of).ifPresent(this::cacheDirectory);
            Optional.ofNullable(environment.get("LITEVFS_ALLOW_INSECURE_HTTP")).map(Boolean::parseBoolean)
                    .ifPresent(this::allowInsecureHttp);
            return this;
        }

        /** Registers the VFS and starts following the store. */
        public LiteVfs register() {
            DatabaseSettings settings = new DatabaseSettings(maxPrefetchPages, maxRequestsPerQuery, syncPeriod);
            if (maxCachedPages < 0 || minAvailableSpace < 0) {
                throw new IllegalArgumentException("maxCachedPages and minAvailableSpace must be 0 or more");
            }
            CloudClient given = client;
            CloudClient own = given != null ? null : createAlongsideSqlite(cloudOptions());
            BlockingCloudClient cloud = new BlockingCloudClient(given != null ? given : Objects.requireNonNull(own),
                    requestTimeout);
            Path cache = cacheDirectory != null ? cacheDirectory : defaultCacheDirectory(vfsName, System.getenv());
            DirectoryLock cacheLock;
            try {
                cacheLock = CacheDirectoryLock.claim(cache);
            } catch (RuntimeException e) {
                if (own != null) {
                    own.close();
                }
                throw e;
            }
            try {
                LeaseKeeper leases = new LeaseKeeper(cloud, leaseDuration);
                LiteVfsFileSystem fileSystem = new LiteVfsFileSystem(cache, cloud, settings, maxCachedPages,
                        minAvailableSpace, leases);
                NativeVfs registered = NativeVfs.register(vfsName, fileSystem);
                List<Consumer<String>> leaseWantedListeners = new CopyOnWriteArrayList<>();
                Syncer syncer = new Syncer(cloud, fileSystem::databases, push,
                        database -> leaseWantedListeners.forEach(listener -> listener.accept(database)));
                syncer.start();
                return new LiteVfs(vfsName, registered, fileSystem, syncer, cloud, own, leases, cacheLock, leaseWantedListeners);
            } catch (RuntimeException e) {
                cacheLock.close();
                if (own != null) {
                    own.close();
                }
                throw e;
            }
        }

        /**
         * A store client made on another thread while this one reaches sqlite-jdbc's SQLite: both load
         * many classes (the HTTP stack; the native library), and a node's first answer waits for both.
         */
        private static CloudClient createAlongsideSqlite(CloudOptions options) {
            CompletableFuture<CloudClient> made = CompletableFuture.supplyAsync(() -> WebClientCloudClient.create(options));
            try {
                NativeVfs.reachSqlite();
            } catch (RuntimeException e) {
                made.thenAccept(CloudClient::close);
                throw e;
            }
            try {
                return made.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        /**
         * The cache directory used when none is given: this user's own cache ({@code $XDG_CACHE_HOME}, else
         * {@code ~/.cache}), never the shared temporary directory, where anyone could plant a directory or a
         * link beforehand and so choose what a node reads.
         */
        public static Path defaultCacheDirectory(String vfsName, Map<String, String> environment) {
            String xdg = environment.get("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("litevfs").resolve(vfsName);
        }

        private CloudOptions cloudOptions() {
            if (storeUrl == null || storeUrl.isBlank()) {
                throw new IllegalArgumentException("no store URL: set it with storeUrl(...) or LITEFS_CLOUD_HOST "
                        + "(LiteFS Cloud was shut down; point it at a LiteVFS page store, e.g. http://127.0.0.1:20202)");
            }
            URI url;
            try {
                url = URI.create(storeUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("store URL \"" + storeUrl + "\" is not a URL: " + e.getMessage(), e);
            }
            return new CloudOptions(url, token, cluster, requestTimeout, resilience, PageEncoding.BINARY, allowInsecureHttp);
        }
    }
}
