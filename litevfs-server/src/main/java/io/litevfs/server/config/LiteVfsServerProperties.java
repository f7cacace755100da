package io.litevfs.server.config;

import io.litevfs.protocol.Pages;
import io.litevfs.store.compaction.RetentionPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the page store, under {@code litevfs.server}.
 */
@ConfigurationProperties("litevfs.server")
public class LiteVfsServerProperties {

    /** Directory holding every cluster's databases. Created if missing. */
    private Path dataDir = Path.of("litevfs-data");

    /**
     * Whether to serve without tokens, for local development. Refused unless the server binds a loopback
     * address (server.address=127.0.0.1).
     */
    private boolean open = false;

    /** Access tokens, each for one cluster, or for any cluster ("*") named by the cluster= parameter. */
    private List<Token> tokens = new ArrayList<>();

    /**
     * File of access tokens, one "cluster token" per line ('#' starts a comment), read at start-up in
     * addition to the tokens property; keeps tokens off the command line. Should be readable by the store's user only.
     */
    private @Nullable Path tokensFile;

    public @Nullable Path getTokensFile() {
        return tokensFile;
    }

    public void setTokensFile(@Nullable Path tokensFile) {
        this.tokensFile = tokensFile;
    }

    /** Which points of each database's history are kept, for restores, time travel and reads at old positions. */
    private final Retention retention = new Retention();

    /** How often history is thinned out to what the retention keeps (windows merged, the oldest folded). */
    private Duration compactionInterval = Duration.ofMinutes(1);

    /** Largest accepted request body (an uploaded LTX file); larger ones get 413 ETOOLARGE. */
    private DataSize maxUploadSize = DataSize.ofGigabytes(4);

    /** Longest lease a client may ask for. */
    private Duration maxLeaseDuration = Duration.ofMinutes(10);

    /** Whether to refuse writes whose Litefs-Cluster-Id differs from the cluster's first writer's, as LiteFS Cloud did. */
    private boolean enforceClusterId = false;

    /** Bounds that keep slow or hostile clients from stalling others or exhausting the store. */
    private final Limits limits = new Limits();

    /**
     * Where history is kept: "filesystem" (under data-dir, this process its only writer) or "s3" (a bucket
     * shared by any number of store replicas; data-dir then holds a bounded cache).
     */
    private Storage storage = Storage.FILESYSTEM;

    /** The bucket, with litevfs.server.storage=s3. */
    private final S3 s3 = new S3();

    /**
     * Other replicas on the same bucket (base URLs, e.g. http://store-2:20202), told at once of every
     * commit here so that their /events and /sync follow without waiting for their next poll.
     */
    private List<java.net.URI> peers = new ArrayList<>();

    /** Authorization header value sent with notifications to peers: a token valid for every cluster ("*") on them. */
    private @Nullable String peerToken;

    public enum Storage {
        FILESYSTEM, S3
    }

    public Storage getStorage() {
        return storage;
    }

    public void setStorage(Storage storage) {
        this.storage = storage;
    }

    public S3 getS3() {
        return s3;
    }

    public List<java.net.URI> getPeers() {
        return peers;
    }

    public void setPeers(List<java.net.URI> peers) {
        this.peers = peers;
    }

    public @Nullable String getPeerToken() {
        return peerToken;
    }

    public void setPeerToken(@Nullable String peerToken) {
        this.peerToken = peerToken;
    }

    /** When a store on a bucket acknowledges an upload. */
    public enum Durability {
        /** Once its object is in the bucket. */
        BUCKET,
        /** Once it is forced to the replica's disk (writes under a lease); in the bucket soon after. */
        LOCAL_DISK
    }

    /** The bucket the store keeps its data in (litevfs.server.storage=s3). Credentials come from the AWS SDK's default chain. */
    /**
     * Points of history kept: every transaction for a while, then one point per window of each level (the
     * last transaction of the window) for as long as that level keeps them; older history folds into one
     * snapshot, the oldest point.
     */
    public static class Retention {

        /** How long every transaction stays a point of its own. */
        private Duration transactions = Duration.ofHours(1);

        /**
         * Coarser points after that, finest first, each "interval:keep" (for example 5m:1d, one point per
         * 5 minutes until a day old); each level keeps its points longer than the one before. Empty: nothing
         * older than the transactions window is kept.
         */
        private List<String> levels = new ArrayList<>(List.of("5m:1d", "1h:7d", "1d:30d"));

        public Duration getTransactions() {
            return transactions;
        }

        public void setTransactions(Duration transactions) {
            this.transactions = transactions;
        }

        public List<String> getLevels() {
            return levels;
        }

        public void setLevels(List<String> levels) {
            this.levels = levels;
        }

        /** The policy these settings describe; a setting that does not describe one names its property. */
        public RetentionPolicy toPolicy() {
            List<RetentionPolicy.Level> parsed = new ArrayList<>();
            for (String level : levels) {
                String[] parts = level.trim().split(":");
                if (parts.length != 2) {
                    throw new IllegalStateException("litevfs.server.retention.levels: '" + level
                            + "' is not interval:keep (for example 5m:1d)");
                }
                try {
                    parsed.add(new RetentionPolicy.Level(DurationStyle.detectAndParse(parts[0].trim()),
                            DurationStyle.detectAndParse(parts[1].trim())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("litevfs.server.retention.levels: '" + level + "': " + e.getMessage(), e);
                }
            }
            try {
                return new RetentionPolicy(transactions, parsed);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("litevfs.server.retention: " + e.getMessage(), e);
            }
        }
    }

    public static class S3 {

        /** The bucket's name. Required with storage=s3. */
        private String bucket = "";

        /** Prepended to every key, so that several stores (or other data) can share a bucket. */
        private String prefix = "";

        /** An S3-compatible service's address (MinIO, R2, s3proxy...); empty for AWS. */
        private java.net.@Nullable URI endpoint;

        /** The bucket's region; empty takes the SDK's default chain (AWS_REGION, profile), or us-east-1 beside an endpoint. */
        private @Nullable String region;

        /** Whether to put the bucket in the path rather than the host name, as most S3-compatible services need. */
        private boolean pathStyleAccess = false;

        /** How often a replica lists the bucket for commits made through other replicas. */
        private Duration pollInterval = Duration.ofSeconds(1);

        /** Most bytes of bucket objects kept on local disk for page reads; the least recently used go first. */
        private DataSize cacheSize = DataSize.ofGigabytes(10);

        /**
         * How far replicas' clocks may differ: an expired lease is taken over only this long after its expiry.
         */
        private Duration maxClockSkew = Duration.ofSeconds(1);

        /**
         * When an upload is acknowledged: {@code bucket} once its object is in the bucket (nothing
         * acknowledged is lost with a replica); {@code local-disk} once it is forced to this replica's disk,
         * for writes under a lease, then put in the bucket within half the write-behind limit (lost if this
         * replica's disk is lost before). Every replica of a bucket should use the same setting.
         */
        private Durability durability = Durability.BUCKET;

        /**
         * With durability=local-disk: acknowledged writes reach the bucket within half of this, and the next
         * writer of a database waits this long (plus max-clock-skew) after a lease written behind ends.
         */
        private Duration writeBehindLimit = Duration.ofSeconds(1);

        public Durability getDurability() {
            return durability;
        }

        public void setDurability(Durability durability) {
            this.durability = durability;
        }

        public Duration getWriteBehindLimit() {
            return writeBehindLimit;
        }

        public void setWriteBehindLimit(Duration writeBehindLimit) {
            this.writeBehindLimit = writeBehindLimit;
        }

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public java.net.@Nullable URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(java.net.@Nullable URI endpoint) {
            this.endpoint = endpoint;
        }

        public @Nullable String getRegion() {
            return region;
        }

        public void setRegion(@Nullable String region) {
            this.region = region;
        }

        public boolean isPathStyleAccess() {
            return pathStyleAccess;
        }

        public void setPathStyleAccess(boolean pathStyleAccess) {
            this.pathStyleAccess = pathStyleAccess;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public DataSize getCacheSize() {
            return cacheSize;
        }

        public void setCacheSize(DataSize cacheSize) {
            this.cacheSize = cacheSize;
        }

        public Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }
    }

    public Limits getLimits() {
        return limits;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public boolean isOpen() {
        return open;
    }

    public void setOpen(boolean open) {
        this.open = open;
    }

    public List<Token> getTokens() {
        return tokens;
    }

    public void setTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    public Retention getRetention() {
        return retention;
    }

    public Duration getCompactionInterval() {
        return compactionInterval;
    }

    public void setCompactionInterval(Duration compactionInterval) {
        this.compactionInterval = compactionInterval;
    }

    public DataSize getMaxUploadSize() {
        return maxUploadSize;
    }

    public void setMaxUploadSize(DataSize maxUploadSize) {
        this.maxUploadSize = maxUploadSize;
    }

    public Duration getMaxLeaseDuration() {
        return maxLeaseDuration;
    }

    public void setMaxLeaseDuration(Duration maxLeaseDuration) {
        this.maxLeaseDuration = maxLeaseDuration;
    }

    public boolean isEnforceClusterId() {
        return enforceClusterId;
    }

    public void setEnforceClusterId(boolean enforceClusterId) {
        this.enforceClusterId = enforceClusterId;
    }

    /** One access token. */
    public static class Token {

        /** Cluster the token opens, or "*" for every cluster (the request then names one with cluster=). */
        private String cluster = "";

        /** The token, sent verbatim in the Authorization header. */
        private String token = "";

        public String getCluster() {
            return cluster;
        }

        public void setCluster(String cluster) {
            this.cluster = cluster;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }

    /** Bounds on what one client or cluster may hold of the store. */
    public static class Limits {

        /** Longest time a client may take to send a request's line and headers, from its first byte (or from connecting). */
        private Duration requestHeadTimeout = Duration.ofSeconds(10);

        /** How long a kept-alive connection may stay idle between requests. */
        private Duration idleTimeout = Duration.ofSeconds(60);

        /** Longest gap between two parts of a request body; a stalled upload is dropped after it. */
        private Duration bodyReadTimeout = Duration.ofSeconds(10);

        /** Longest time a client may leave an answer (a snapshot, pages) unread before the connection is dropped. */
        private Duration sendTimeout = Duration.ofSeconds(30);

        /** Most connections open at once from one client address; more are closed at once. */
        private int maxConnectionsPerAddress = 128;

        /** Most snapshots one cluster may be downloading at once; more are answered 503 ETOOBUSY. */
        private int maxSnapshotsPerCluster = 4;

        /** Largest GET /db/page answer, in page bytes; a request for more is refused with 413 ETOOLARGE. */
        private DataSize maxPageAnswerSize = DataSize.ofBytes(Pages.DEFAULT_MAX_PAGE_ANSWER_BYTES);

        /** Page bytes held at once for every GET /db/page answer being sent; past it, requests get 503 ETOOBUSY. */
        private DataSize maxPageAnswerMemory = DataSize.ofMegabytes(256);

        /** Largest database (pages times page size); an upload that would make one larger is refused with ETOOLARGE. */
        private DataSize maxDatabaseSize = DataSize.ofGigabytes(64);

        /** Most page bytes one upload may carry once decompressed; more is refused with ETOOLARGE before it reaches the disk. */
        private DataSize maxUploadPages = DataSize.ofGigabytes(4);

        /** Most databases one cluster may have; creating another is refused with 403 ETOOMANYDBS. */
        private int maxDatabasesPerCluster = 10_000;

        public Duration getRequestHeadTimeout() {
            return requestHeadTimeout;
        }

        public void setRequestHeadTimeout(Duration requestHeadTimeout) {
            this.requestHeadTimeout = requestHeadTimeout;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getBodyReadTimeout() {
            return bodyReadTimeout;
        }

        public void setBodyReadTimeout(Duration bodyReadTimeout) {
            this.bodyReadTimeout = bodyReadTimeout;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public int getMaxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        public int getMaxSnapshotsPerCluster() {
            return maxSnapshotsPerCluster;
        }

        public void setMaxSnapshotsPerCluster(int maxSnapshotsPerCluster) {
            this.maxSnapshotsPerCluster = maxSnapshotsPerCluster;
        }

        public DataSize getMaxPageAnswerSize() {
            return maxPageAnswerSize;
        }

        public void setMaxPageAnswerSize(DataSize maxPageAnswerSize) {
            this.maxPageAnswerSize = maxPageAnswerSize;
        }

        public DataSize getMaxPageAnswerMemory() {
            return maxPageAnswerMemory;
        }

        public void setMaxPageAnswerMemory(DataSize maxPageAnswerMemory) {
            this.maxPageAnswerMemory = maxPageAnswerMemory;
        }

        public DataSize getMaxDatabaseSize() {
            return maxDatabaseSize;
        }

        public void setMaxDatabaseSize(DataSize maxDatabaseSize) {
            this.maxDatabaseSize = maxDatabaseSize;
        }

        public DataSize getMaxUploadPages() {
            return maxUploadPages;
        }

        public void setMaxUploadPages(DataSize maxUploadPages) {
            this.maxUploadPages = maxUploadPages;
        }

        public int getMaxDatabasesPerCluster() {
            return maxDatabasesPerCluster;
        }

        public void setMaxDatabasesPerCluster(int maxDatabasesPerCluster) {
            this.maxDatabasesPerCluster = maxDatabasesPerCluster;
        }
    }
}
