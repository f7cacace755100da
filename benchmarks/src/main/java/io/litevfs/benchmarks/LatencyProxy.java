package io.litevfs.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy in front of the store that prices the network: every chunk of bytes, in each direction,
 * is delivered a fixed one-way delay after it arrived, in order (so a round trip costs twice the delay,
 * and bytes sent back to back stay back to back, as on a long link with ample bandwidth). Also counts,
 * for whatever client goes through it, the requests sent (all, and page requests: {@code GET /db/page})
 * and the bytes the store sent back, headers included: the same measure for every client.
 *
 * <p>Per connection, two readers and two writers on virtual threads: a reader stamps each chunk with its
 * due time and queues it; its writer sleeps until then and writes. A closed side closes the other once
 * what was queued before it is delivered.
 */
final class LatencyProxy implements AutoCloseable {

    private static final byte[] PAGE_REQUEST = "GET /db/page".getBytes(StandardCharsets.US_ASCII);
    /** The end of every request line (the clients here all speak HTTP/1.1). */
    private static final byte[] REQUEST_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = new byte[0];

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong pageRequests = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private volatile long oneWayNanos;
    private volatile boolean closed;

    private LatencyProxy(InetSocketAddress upstream, ServerSocket listener) {
        this.upstream = upstream;
        this.listener = listener;
    }

    /** A proxy on a free loopback port forwarding to {@code host:port}, with no delay to start with. */
    static LatencyProxy start(String host, int port) throws IOException {
        ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        LatencyProxy proxy = new LatencyProxy(new InetSocketAddress(host, port), listener);
        Thread.ofVirtual().name("latency-proxy-accept").start(proxy::accept);
        return proxy;
    }

    /** The round trip the proxy adds from now on (half of it each way), on open connections too. */
    void roundTrip(Duration roundTrip) {
        this.oneWayNanos = roundTrip.toNanos() / 2;
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Requests and bytes received since the last call, which starts the counts over. */
    Traffic takeTraffic() {
        return new Traffic(requests.getAndSet(0), pageRequests.getAndSet(0), bytesDown.getAndSet(0));
    }

    record Traffic(long requests, long pageRequests, long bytesReceived) {
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket store = new Socket();
                store.connect(upstream);
                client.setTcpNoDelay(true);
                store.setTcpNoDelay(true);
                pipe(client, store, true);
                pipe(store, client, false);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean towardStore) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            byte[] tail = new byte[0];
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    byte[] bytes = Arrays.copyOf(buffer, read);
                    if (towardStore) {
                        tail = countRequests(tail, bytes);
                    } else {
                        bytesDown.addAndGet(read);
                    }
                    queue.add(new Chunk(System.nanoTime() + oneWayNanos, bytes));
                }
            } catch (IOException e) {
                // the connection ended; what was queued is still delivered
            } finally {
                queue.add(new Chunk(System.nanoTime() + oneWayNanos, END));
            }
        });
        Thread.ofVirtual().start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes() == END) {
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side is gone
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    /** Counts request lines, and those of page requests, in {@code bytes}, also across chunk boundaries. */
    private byte[] countRequests(byte[] tail, byte[] bytes) {
        byte[] window = new byte[tail.length + bytes.length];
        System.arraycopy(tail, 0, window, 0, tail.length);
        System.arraycopy(bytes, 0, window, tail.length, bytes.length);
        pageRequests.addAndGet(occurrences(window, PAGE_REQUEST));
        requests.addAndGet(occurrences(window, REQUEST_LINE_END));
        int keep = Math.min(window.length, Math.min(PAGE_REQUEST.length, REQUEST_LINE_END.length) - 1);
        return Arrays.copyOfRange(window, window.length - keep, window.length);
    }

    private static int occurrences(byte[] window, byte[] pattern) {
        int found = 0;
        for (int i = 0; i + pattern.length <= window.length; i++) {
            if (window[i] == pattern[0] && Arrays.equals(window, i, i + pattern.length, pattern, 0, pattern.length)) {
                found++;
            }
        }
        return found;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
