package io.litevfs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on loopback: each new connection goes to the next of several stores in turn, as a
 * balancer in front of store replicas does; a client's pooled connections thus reach different replicas.
 */
final class RoundRobinProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> targetPorts;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    RoundRobinProxy(List<Integer> targetPorts) throws IOException {
        this.targetPorts = List.copyOf(targetPorts);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("round-robin-proxy").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** How many connections it has passed on. */
    int connections() {
        return next.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                int port = targetPorts.get(Math.floorMod(next.getAndIncrement(), targetPorts.size()));
                Socket store = new Socket(InetAddress.getLoopbackAddress(), port);
                pipe(client, store);
                pipe(store, client);
            } catch (IOException e) {
                if (!closed) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closedEitherWay) {
                // the other direction notices too
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
