package io.litevfs.server.web;

import io.litevfs.protocol.Pages;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Lets a request line hold the longest {@code GET /db/page} a client may send: {@link
 * Pages#MAX_PAGES_PER_REQUEST} page numbers of up to ten digits each (11,264 characters), with the
 * database name and position. Netty's default of 4,096 characters answered such a request 414 (URI Too
 * Long). Raises the limit to {@link #MIN_LENGTH}, never lowers one set higher with {@code
 * server.netty.max-initial-line-length}: it runs after Boot's own customizer, which applies that
 * property, and its server customizer is added after Boot's.
 */
public final class RequestLineLimit implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    static final int MIN_LENGTH = 16 * 1024;

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.httpRequestDecoder(
                spec -> spec.maxInitialLineLength(Math.max(spec.maxInitialLineLength(), MIN_LENGTH))));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
