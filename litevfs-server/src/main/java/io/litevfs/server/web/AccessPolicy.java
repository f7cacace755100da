package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Who may reach which cluster. With tokens, the {@code Authorization} header must carry one verbatim;
 * it is compared with every configured token in constant time (over SHA-256 digests, so neither the
 * content nor the length of a token leaks through timing). A cluster token opens its cluster only; an
 * organisation token ({@code cluster: "*"}) opens the cluster named by {@code cluster=}. Without tokens
 * the store is open, which is only allowed on a loopback address: the policy refuses to start otherwise.
 * The token is checked before anything else the request says (its {@code cluster=} included), so an
 * unauthenticated request is refused without its contents reaching a log line.
 */
public final class AccessPolicy {

    /** The cluster used in open mode when a request names none. */
    public static final String DEFAULT_CLUSTER = "default";
    private static final String ANY_CLUSTER = "*";

    private record Grant(byte[] digest, String cluster) {
    }

    private final List<Grant> grants;
    private final boolean open;

    private AccessPolicy(List<Grant> grants, boolean open) {
        this.grants = grants;
        this.open = open;
    }

    /**
     * @param configured  the tokens of {@code litevfs.server.tokens}
     * @param tokensFile  {@code litevfs.server.tokens-file}, whose tokens are added; null for none
     * @param open        {@code litevfs.server.open}: serve without tokens (loopback only)
     * @param bindAddress {@code server.address}, null when binding every interface
     * @throws IllegalStateException when the configuration is unsafe or incomplete
     */
    public static AccessPolicy from(List<AccessToken> configured, @Nullable Path tokensFile, boolean open,
                                    @Nullable String bindAddress) {
        List<AccessToken> tokens = new java.util.ArrayList<>(configured);
        if (tokensFile != null) {
            tokens.addAll(TokensFile.read(tokensFile));
        }
        List<Grant> grants = tokens.stream().map(AccessPolicy::grant).toList();
        if (grants.isEmpty() && !open) {
            throw new IllegalStateException("No access tokens are configured. Set litevfs.server.tokens[0].cluster and "
                    + "litevfs.server.tokens[0].token, or litevfs.server.open=true (no authentication, loopback only) "
                    + "for local development.");
        }
        if (open && !isLoopback(bindAddress)) {
            throw new IllegalStateException("litevfs.server.open=true serves every database without authentication and "
                    + "is refused on " + (bindAddress == null ? "all interfaces" : bindAddress)
                    + ". Bind a loopback address (server.address=127.0.0.1) or configure tokens.");
        }
        return new AccessPolicy(grants, open && grants.isEmpty());
    }

    /**
     * The cluster a request may act on.
     *
     * @throws StoreException {@code EINVALIDAUTH} or {@code EBADCLUSTER}
     */
    public String cluster(@Nullable String authorization, @Nullable String requestedCluster) {
        if (open) {
            return requestedCluster != null ? Names.requireCluster(requestedCluster) : DEFAULT_CLUSTER;
        }
        Grant grant = authorization == null ? null : match(authorization);
        if (grant == null) {
            throw new StoreException(ErrorCode.EINVALIDAUTH, authorization == null
                    ? "missing Authorization header: send the store's token" : "invalid token");
        }
        if (requestedCluster != null) {
            Names.requireCluster(requestedCluster);
        }
        if (grant.cluster().equals(ANY_CLUSTER)) {
            if (requestedCluster == null) {
                throw new StoreException(ErrorCode.EBADCLUSTER, "this token is for any cluster: name one with cluster=");
            }
            return requestedCluster;
        }
        if (requestedCluster != null && !requestedCluster.equals(grant.cluster())) {
            throw new StoreException(ErrorCode.EINVALIDAUTH, "the token is not valid for cluster " + requestedCluster);
        }
        return grant.cluster();
    }

    /** How many tokens open the store. */
    public int tokenCount() {
        return grants.size();
    }

    /** Whether the store serves without tokens. */
    public boolean isOpen() {
        return open;
    }

    private @Nullable Grant match(String authorization) {
        byte[] presented = sha256(authorization);
        Grant matched = null;
        for (Grant grant : grants) {
            if (MessageDigest.isEqual(presented, grant.digest()) && matched == null) {
                matched = grant;
            }
        }
        return matched;
    }

    private static Grant grant(AccessToken token) {
        if (token.token().isBlank()) {
            throw new IllegalStateException("litevfs.server.tokens: a token for cluster '" + token.cluster() + "' is empty");
        }
        String cluster = token.cluster();
        if (!cluster.equals(ANY_CLUSTER)) {
            try {
                Names.requireCluster(cluster);
            } catch (StoreException e) {
                throw new IllegalStateException("litevfs.server.tokens: " + e.getMessage(), e);
            }
        }
        return new Grant(sha256(token.token()), cluster);
    }

    private static boolean isLoopback(@Nullable String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
