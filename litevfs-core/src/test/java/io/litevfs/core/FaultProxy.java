package io.litevfs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback between a client and the store that can damage the next upload: flip one
 * byte of its body, or cut the connection in the middle of it. It finds the upload by the text
 * {@code POST /db/tx} in the client's stream; everything else passes untouched.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { NONE, FLIP_BYTE, CUT }

    private static final byte[] UPLOAD = "POST /db/tx".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);
    private final long faultOffset;
    private volatile boolean closed;
    private volatile double chaos;
    private final java.util.concurrent.atomic.AtomicInteger injected = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Random random = new java.util.Random();

    FaultProxy(int targetPort, long faultOffset) throws IOException {
        this.targetPort = targetPort;
        this.faultOffset = faultOffset;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * From now on, every chunk that passes, in either direction and on every connection (pooled ones
     * too), is with probability {@code probability} either the point where the connection is cut (after
     * part of the chunk) or delayed by up to 200 ms; 0 ends it.
     */
    void chaos(double probability) {
        this.chaos = probability;
    }

    /** How many cuts and delays chaos has injected. */
    int injected() {
        return injected.get();
    }

    /** Damages the next upload that passes. */
    void arm(Fault fault) {
        next.set(fault);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[8192];
        int matched = 0;
        long sinceUpload = -1;
        Fault fault = Fault.NONE;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                double chance = chaos;
                if (chance > 0 && random.nextDouble() < chance) {
                    injected.incrementAndGet();
                    if (random.nextBoolean()) {
                        out.write(buffer, 0, random.nextInt(read));
                        out.flush();
                        return;
                    }
                    Thread.sleep(1 + random.nextInt(200));
                }
                if (request) {
                    for (int i = 0; i < read; i++) {
                        if (sinceUpload >= 0 && ++sinceUpload == faultOffset && fault != Fault.NONE) {
                            if (fault == Fault.CUT) {
                                out.write(buffer, 0, i);
                                from.close();
                                to.close();
                                return;
                            }
                            buffer[i] ^= 0x40;
                            fault = Fault.NONE;
                        }
                        matched = buffer[i] == UPLOAD[matched] ? matched + 1 : (buffer[i] == UPLOAD[0] ? 1 : 0);
                        if (matched == UPLOAD.length) {
                            matched = 0;
                            sinceUpload = 0;
                            fault = next.getAndSet(Fault.NONE);
                        }
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException ignored) {
            // One side closed (or was cut): so does the other.
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
