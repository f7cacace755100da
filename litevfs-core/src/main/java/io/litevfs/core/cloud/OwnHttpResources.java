package io.litevfs.core.cloud;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.time.Duration;

/**
 * Event loops and a connection pool of a store client's own, apart from Reactor Netty's global ones, so
 * that closing the client ends them at once. Idle event-loop threads wait in a native call (the selector),
 * and a JVM that exits with threads in native calls waits up to 300 ms for them: a process that answers one
 * query and exits would spend that long leaving. Closing these (no quiet period) ends the threads first.
 */
final class OwnHttpResources implements AutoCloseable {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final LoopResources loops = LoopResources.create("litevfs-http", 2, true);
    private final ConnectionProvider connections = ConnectionProvider.create("litevfs", 64);

    ClientHttpConnector connector() {
        return new ReactorClientHttpConnector(HttpClient.create(connections).runOn(loops));
    }

    @Override
    public void close() {
        connections.disposeLater().block(SHUTDOWN_TIMEOUT);
        loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT);
    }
}
