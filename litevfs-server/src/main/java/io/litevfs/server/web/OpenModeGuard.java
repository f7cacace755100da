package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Locale;

/**
 * In open mode (no token), only what a local program sends is served. A web page the user has open
 * could otherwise reach the store on loopback: a cross-origin request carries an {@code Origin} (refused
 * unless it is the store's own), and a DNS-rebinding page reaches it under a foreign host name (refused
 * unless {@code Host} names a loopback address). With tokens neither applies: a page cannot send them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class OpenModeGuard implements WebFilter {

    private final boolean open;

    OpenModeGuard(AccessPolicy policy) {
        this.open = policy.isOpen();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (open) {
            HttpHeaders headers = exchange.getRequest().getHeaders();
            String host = headers.getFirst(HttpHeaders.HOST);
            if (host == null || !isLoopback(hostName(host))) {
                throw new StoreException(ErrorCode.EFORBIDDEN, "open mode serves only requests to a loopback host name "
                        + "(localhost, 127.0.0.1, [::1]), not \"" + Names.forLog(String.valueOf(host)) + "\"");
            }
            String origin = headers.getFirst(HttpHeaders.ORIGIN);
            if (origin != null && !isOwnOrigin(origin, host)) {
                throw new StoreException(ErrorCode.EFORBIDDEN, "open mode refuses requests from web pages (Origin \""
                        + Names.forLog(origin) + "\"); configure tokens to serve other clients");
            }
        }
        return chain.filter(exchange);
    }

    private static boolean isOwnOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            return "http".equals(uri.getScheme()) && uri.getRawAuthority() != null
                    && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host of a {@code Host} header: without its port, an IPv6 literal without brackets. */
    static String hostName(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.lastIndexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    static boolean isLoopback(@Nullable String name) {
        if (name == null) {
            return false;
        }
        return name.equals("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
