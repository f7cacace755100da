package io.litevfs.autoconfigure;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import java.time.Duration;

/**
 * The store client's own Reactor Netty event loops and connection pool, apart from the application's.
 * Boot's shared resources wait a quiet period (2 s by default) when they are disposed, and only if they
 * were used: were LiteVFS to use them, every application would stop 2 s slower for having LiteVFS. These
 * are disposed without a quiet period when the context closes, after the store client and LiteVFS
 * (which depend on them), so no request of LiteVFS's is ever cut.
 *
 * <p>Deliberately not a {@link ReactorResourceFactory} bean: one in the context would replace Boot's for
 * the application's own web server and clients.
 */
final class LiteVfsHttpResources implements DisposableBean {

    private final ReactorResourceFactory resources = new ReactorResourceFactory();

    LiteVfsHttpResources() {
        resources.setUseGlobalResources(false);
        resources.setLoopResourcesSupplier(() -> reactor.netty.resources.LoopResources.create("litevfs-http", 2, true));
        resources.setConnectionProviderSupplier(() -> reactor.netty.resources.ConnectionProvider.create("litevfs", 64));
        resources.setShutdownQuietPeriod(Duration.ZERO);
        resources.setShutdownTimeout(Duration.ofSeconds(2));
        resources.afterPropertiesSet();
    }

    /** A connector on these resources. */
    ClientHttpConnector connector() {
        return new ReactorClientHttpConnector(resources, client -> client);
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
