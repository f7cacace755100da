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
 */
public record CloudOptions(URI url, @Nullable String token, @Nullable String cluster, Duration requestTimeout,
                           Resilience resilience, PageEncoding pageEncoding) {

    /** Options that ask for pages in binary ({@link PageEncoding#BINARY}). */
    public CloudOptions(URI url, @Nullable String token, @Nullable String cluster, Duration requestTimeout,
                        Resilience resilience) {
        this(url, token, cluster, requestTimeout, resilience, PageEncoding.BINARY);
    }

    public CloudOptions {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("store URL must be http(s)://host[:port], got \"" + url + "\"");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
        }
    }

    /** The URL with only scheme, host and port. */
    public URI baseUrl() {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }
}
