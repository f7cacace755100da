package io.litevfs.core.cloud;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;

/**
 * Where the page store is and how to talk to it.
 *
 * @param url            base URL, e.g. {@code http://127.0.0.1:20202}; any path is ignored, as LiteFS does
 * @param token          sent verbatim in {@code Authorization}; null for a store in open mode
 * @param cluster        sent as {@code cluster=} on every request; null to let the token decide
 * @param requestTimeout longest wait for one request
 * @param resilience     retries and circuit breaker of the client built by {@link WebClientCloudClient#create}
 * @param pageEncoding   how pages are asked for
 * @param allowInsecureHttp whether a plain {@code http} URL may name a host other than loopback, where anyone on
 *                       the network path can read and change the pages, the token and the commits; off by default
 */
public record CloudOptions(URI url, @Nullable String token, @Nullable String cluster, Duration requestTimeout,
                           Resilience resilience, PageEncoding pageEncoding, boolean allowInsecureHttp) {

    /** Options that ask for pages in binary ({@link PageEncoding#BINARY}), plain http on loopback only. */
    public CloudOptions(URI url, @Nullable String token, @Nullable String cluster, Duration requestTimeout,
                        Resilience resilience) {
        this(url, token, cluster, requestTimeout, resilience, PageEncoding.BINARY, false);
    }

    /** Options with plain http on loopback only. */
    public CloudOptions(URI url, @Nullable String token, @Nullable String cluster, Duration requestTimeout,
                        Resilience resilience, PageEncoding pageEncoding) {
        this(url, token, cluster, requestTimeout, resilience, pageEncoding, false);
    }

    public CloudOptions {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("store URL must be http(s)://host[:port], got \"" + url + "\"");
        }
        if (scheme.equals("http") && !isLoopback(url.getHost()) && !allowInsecureHttp) {
            throw new IllegalArgumentException("store URL " + url + " is plain http to a host that is not loopback: "
                    + "anyone on the way can read and change the pages, the token and the commits. Use https://, or, on "
                    + "a network you trust, allow it with litevfs.cloud.allow-insecure-http=true (Spring), "
                    + "LITEVFS_ALLOW_INSECURE_HTTP=true, or LiteVfs.builder().allowInsecureHttp(true)");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
        }
    }

    /** Whether {@code host} names this machine's loopback: {@code localhost}, 127.0.0.0/8 or ::1, never by a look-up. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.matches("127(\\.\\d{1,3}){3}") || bare.equals("::1")
                || bare.equals("0:0:0:0:0:0:0:1");
    }

    /** The URL with only scheme, host and port. */
    public URI baseUrl() {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }
}
