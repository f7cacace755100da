package io.litevfs.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
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

    /** How long transaction history stays readable (pages as of older positions). Older history is folded into one snapshot. */
    private Duration historyRetention = Duration.ofHours(1);

    /** How often history older than the retention is folded. */
    private Duration compactionInterval = Duration.ofMinutes(1);

    /** Largest accepted request body (an uploaded LTX file); larger ones get 413 ETOOLARGE. */
    private DataSize maxUploadSize = DataSize.ofGigabytes(4);

    /** Longest lease a client may ask for. */
    private Duration maxLeaseDuration = Duration.ofMinutes(10);

    /** Whether to refuse writes whose Litefs-Cluster-Id differs from the cluster's first writer's, as LiteFS Cloud did. */
    private boolean enforceClusterId = false;

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

    public Duration getHistoryRetention() {
        return historyRetention;
    }

    public void setHistoryRetention(Duration historyRetention) {
        this.historyRetention = historyRetention;
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
}
