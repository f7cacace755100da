package io.litevfs.autoconfigure;

import io.litevfs.core.Defaults;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of LiteVFS, under {@code litevfs}.
 */
@ConfigurationProperties("litevfs")
public class LiteVfsProperties {

    /** Whether to register the VFS and configure everything around it. */
    private boolean enabled = true;

    /** Name of the VFS, as in jdbc:sqlite:file:demo.db?vfs=litevfs. */
    private String vfsName = Defaults.VFS_NAME;

    private final Cloud cloud = new Cloud();
    private final Cache cache = new Cache();
    private final Sync sync = new Sync();
    private final Lease lease = new Lease();
    private final Prefetch prefetch = new Prefetch();
    private final Resilience resilience = new Resilience();
    private final Datasource datasource = new Datasource();
    private final EmbeddedStore embeddedStore = new EmbeddedStore();

    /** Most remote page requests one query may make before it fails. */
    private int maxRequestsPerQuery = Defaults.MAX_REQUESTS_PER_QUERY;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getVfsName() {
        return vfsName;
    }

    public void setVfsName(String vfsName) {
        this.vfsName = vfsName;
    }

    public int getMaxRequestsPerQuery() {
        return maxRequestsPerQuery;
    }

    public void setMaxRequestsPerQuery(int maxRequestsPerQuery) {
        this.maxRequestsPerQuery = maxRequestsPerQuery;
    }

    public Cloud getCloud() {
        return cloud;
    }

    public Cache getCache() {
        return cache;
    }

    public Sync getSync() {
        return sync;
    }

    public Lease getLease() {
        return lease;
    }

    public Prefetch getPrefetch() {
        return prefetch;
    }

    public Resilience getResilience() {
        return resilience;
    }

    public Datasource getDatasource() {
        return datasource;
    }

    public EmbeddedStore getEmbeddedStore() {
        return embeddedStore;
    }

    /** The page store. */
    public static class Cloud {

        /** URL of the page store, e.g. http://127.0.0.1:20202. Without it, an embedded store is started when litevfs-server is on the classpath. */
        private @Nullable String url;

        /** Access token, sent verbatim in the Authorization header. */
        private @Nullable String token;

        /** Cluster, sent as cluster= with every request. */
        private @Nullable String cluster;

        /** Longest wait for one request to the store. */
        private Duration requestTimeout = Defaults.REQUEST_TIMEOUT;

        /**
         * Whether the store may be reached over plain http at a host other than loopback. Anyone on the
         * network path can then read and change pages, the token and commits: use https, and set this only on a
         * network you trust.
         */
        private boolean allowInsecureHttp = Defaults.ALLOW_INSECURE_HTTP;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }

        public @Nullable String getCluster() {
            return cluster;
        }

        public void setCluster(@Nullable String cluster) {
            this.cluster = cluster;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        public void setAllowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
        }
    }

    /** The local page cache. */
    public static class Cache {

        /**
         * Directory of page caches and journals, this user's own (0700). Defaults to one per application:
         * $XDG_CACHE_HOME (else ~/.cache) /litevfs/<spring.application.name, else a hash of the working
         * directory>/<vfs name>.
         */
        private @Nullable Path directory;

        /** Most pages cached per database; 0 for no limit but the disk's. */
        private int maxPages = Defaults.MAX_CACHED_PAGES;

        /** Free disk space the cache always leaves. */
        private DataSize minAvailableSpace = DataSize.ofBytes(Defaults.MIN_AVAILABLE_SPACE_BYTES);

        public @Nullable Path getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable Path directory) {
            this.directory = directory;
        }

        public int getMaxPages() {
            return maxPages;
        }

        public void setMaxPages(int maxPages) {
            this.maxPages = maxPages;
        }

        public DataSize getMinAvailableSpace() {
            return minAvailableSpace;
        }

        public void setMinAvailableSpace(DataSize minAvailableSpace) {
            this.minAvailableSpace = minAvailableSpace;
        }
    }

    /** Following the store's changes. */
    public static class Sync {

        /** How often open databases are synced with the store. */
        private Duration period = Defaults.SYNC_PERIOD;

        /** PUSH follows the store's position events besides polling; POLL only polls. */
        private Mode mode = Defaults.PUSH ? Mode.PUSH : Mode.POLL;

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        /** How changes are followed. */
        public enum Mode {
            /** Position events from the store wake the sync at once; polling stays as the fallback. */
            PUSH,
            /** Polling only. */
            POLL
        }
    }

    /** Write leases. */
    public static class Lease {

        /** How long a lease lasts unless refreshed (every third of it). */
        private Duration duration = Defaults.LEASE_DURATION;

        /** How long a lease is kept after a write transaction, so that the next one skips acquiring it; 0 releases at once. */
        private Duration linger = Duration.ZERO;

        /** Longest wait for a lease another writer holds, before the transaction fails. */
        private Duration acquireTimeout = Duration.ofSeconds(10);

        public Duration getDuration() {
            return duration;
        }

        public void setDuration(Duration duration) {
            this.duration = duration;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }
    }

    /** Prefetching pages with a missing one. */
    public static class Prefetch {

        /** Most pages fetched along with a missing one (0 to 128). */
        private int maxPages = Defaults.MAX_PREFETCH_PAGES;

        public int getMaxPages() {
            return maxPages;
        }

        public void setMaxPages(int maxPages) {
            this.maxPages = maxPages;
        }
    }

    /** Retry and circuit breaking around calls to the store (unless Resilience4j instances named litevfs exist). */
    public static class Resilience {

        /** Retries of a call that got no answer or a 5xx. */
        private int retries = Defaults.RETRIES;

        /** Wait before the first retry; doubles after each. */
        private Duration retryBackoff = Defaults.RETRY_BACKOFF;

        /** Failure rate, in percent, that opens the circuit breaker. */
        private float failureRateThreshold = Defaults.FAILURE_RATE_THRESHOLD;

        /** Calls the breaker needs to see before it may open. */
        private int minimumNumberOfCalls = Defaults.MINIMUM_NUMBER_OF_CALLS;

        /** How long the breaker stays open before trying again. */
        private Duration waitDurationInOpenState = Defaults.WAIT_IN_OPEN_STATE;

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            this.retries = retries;
        }

        public Duration getRetryBackoff() {
            return retryBackoff;
        }

        public void setRetryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
        }

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public int getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public Duration getWaitDurationInOpenState() {
            return waitDurationInOpenState;
        }

        public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
            this.waitDurationInOpenState = waitDurationInOpenState;
        }

        /** These settings as core's {@link io.litevfs.core.cloud.Resilience}, which checks them. */
        public io.litevfs.core.cloud.Resilience toResilience() {
            return new io.litevfs.core.cloud.Resilience(retries, retryBackoff, failureRateThreshold, minimumNumberOfCalls,
                    waitDurationInOpenState);
        }
    }

    /**
     * The application's database. LiteVFS describes it to Boot ({@link LiteVfsJdbcConnectionDetails}), whose
     * DataSource auto-configuration builds the pool: {@code spring.datasource.hikari.*} applies and wins over
     * the defaults here.
     */
    public static class Datasource {

        /** Database (in the store) the application's DataSource opens, e.g. demo.db. Without it, no DataSource is configured here. */
        private @Nullable String database;

        /**
         * Most pooled connections, unless spring.datasource.hikari.maximum-pool-size is set: SQLite runs one writer at
         * a time, and readers share the page cache.
         */
        private int maximumPoolSize = 4;

        /**
         * Connection properties of sqlite-jdbc, given to every connection of the pool, e.g. foreign_keys=true,
         * busy_timeout=5000, date_class=TEXT, date_string_format=yyyy-MM-dd; one also set in
         * spring.datasource.hikari.data-source-properties takes that value.
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public @Nullable String getDatabase() {
            return database;
        }

        public void setDatabase(@Nullable String database) {
            this.database = database;
        }

        public int getMaximumPoolSize() {
            return maximumPoolSize;
        }

        public void setMaximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** The page store started in-process when no litevfs.cloud.url is set and litevfs-server is on the classpath. */
    public static class EmbeddedStore {

        /** Whether to start an embedded store when no store URL is set. */
        private boolean enabled = true;

        /** Directory of the embedded store's data. */
        private Path dataDirectory = Path.of("litevfs-store");

        /** Port of the embedded store on 127.0.0.1; 0 picks a free one. */
        private int port = 0;

        /**
         * Whether the embedded store keeps its data, and this context its page cache (unless litevfs.cache.directory
         * is set), in a new temporary directory deleted when the context closes, instead of data-directory: each
         * application context starts on an empty store of its own. Meant for tests.
         */
        private boolean temporary = false;

        public boolean isTemporary() {
            return temporary;
        }

        public void setTemporary(boolean temporary) {
            this.temporary = temporary;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDataDirectory() {
            return dataDirectory;
        }

        public void setDataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }
}
