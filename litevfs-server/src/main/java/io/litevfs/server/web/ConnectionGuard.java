package io.litevfs.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection-level bounds of the store's HTTP server, so that connections that say nothing, trickle a
 * request head, stall a body or keep idle cannot pile up:
 * <ul>
 *   <li>at most {@code maxPerAddress} connections at once per client address (more are closed on
 *       arrival, with one warn line per address and minute);</li>
 *   <li>a request's line and headers must arrive within {@code headTimeout}, counted from the connection
 *       (first request) or from the first byte of the next request (keep-alive);</li>
 *   <li>a kept-alive connection idle for {@code idleTimeout} is closed, and a request body that pauses
 *       for {@code bodyReadTimeout} is dropped (answered {@code 408} by the endpoint reading it, closed by
 *       Reactor Netty's read timeout a moment later otherwise);</li>
 *   <li>a write the client does not take within {@code sendTimeout} (it stopped reading) closes the
 *       connection, which gives back everything its answer held.</li>
 * </ul>
 * The head timer has one state per connection: armed (waiting for a head), disarmed (a request is being
 * served), or waiting for the next request's first byte. Both of its handlers run on the connection's
 * event loop, so that state needs no locking.
 */
public final class ConnectionGuard implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /**
     * Reactor Netty's read timeout closes a connection without an answer; it stays behind the body read
     * timeout of the endpoints that receive bodies, which answer {@code 408 ETIMEOUT} first.
     */
    private static final Duration READ_TIMEOUT_BACKSTOP = Duration.ofSeconds(1);

    private final Duration headTimeout;
    private final Duration idleTimeout;
    private final Duration bodyReadTimeout;
    private final Duration sendTimeout;
    private final int maxPerAddress;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> lastWarned = new ConcurrentHashMap<>();

    public ConnectionGuard(Duration headTimeout, Duration idleTimeout, Duration bodyReadTimeout, Duration sendTimeout,
                           int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("litevfs.server.limits.max-connections-per-address must be 1 or more");
        }
        this.headTimeout = headTimeout;
        this.idleTimeout = idleTimeout;
        this.bodyReadTimeout = bodyReadTimeout;
        this.sendTimeout = sendTimeout;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(idleTimeout).readTimeout(bodyReadTimeout.plus(READ_TIMEOUT_BACKSTOP))
                .doOnChannelInit((observer, channel, remote) -> guard(channel, channel.remoteAddress()));
    }

    /** Connections open now from {@code address}. */
    int openFrom(InetAddress address) {
        AtomicInteger count = open.get(address);
        return count == null ? 0 : count.get();
    }

    private void guard(Channel channel, @Nullable SocketAddress remote) {
        if (remote instanceof InetSocketAddress socket && socket.getAddress() != null) {
            InetAddress address = socket.getAddress();
            AtomicInteger count = open.computeIfAbsent(address, a -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerAddress) {
                count.decrementAndGet();
                warnOnce(address);
                channel.close();
                return;
            }
            channel.closeFuture().addListener(closed -> open.computeIfPresent(address,
                    (a, c) -> c.decrementAndGet() == 0 ? null : c));
        }
        channel.pipeline().addFirst("litevfs.sendTimeout",
                new WriteTimeoutHandler(sendTimeout.toMillis(), TimeUnit.MILLISECONDS));
        HeadTimer timer = new HeadTimer(headTimeout);
        channel.pipeline().addFirst("litevfs.headTimer.bytes", timer.bytes());
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, "litevfs.headTimer.messages", timer.messages());
        } else {
            channel.pipeline().addLast("litevfs.headTimer.messages", timer.messages());
        }
    }

    private void warnOnce(InetAddress address) {
        long now = System.nanoTime();
        Long last = lastWarned.get(address);
        if (last == null || now - last > WARN_EVERY_NANOS) {
            lastWarned.put(address, now);
            log.warn("[http] {} has {} connections open, the most allowed per address "
                    + "(litevfs.server.limits.max-connections-per-address); closing new ones", address.getHostAddress(),
                    maxPerAddress);
        }
    }

    /**
     * Whether {@code msg} is an interim answer ({@code 100 Continue} to {@code Expect: 100-continue}): the
     * request it answers goes on with its body, so it ends no exchange, and the body that follows is no next
     * request whose head must arrive in time.
     */
    private static boolean isInformational(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    /** Closes a connection whose request head does not arrive in time. */
    private static final class HeadTimer {
        private final long timeoutNanos;
        private @Nullable ScheduledFuture<?> pending;
        private boolean awaitingNextRequest;

        HeadTimer(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        private void arm(ChannelHandlerContext ctx) {
            if (pending == null) {
                pending = ctx.executor().schedule(() -> {
                    log.debug("[http] closing {}: no request head within {} ms", ctx.channel().remoteAddress(),
                            TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                    ctx.channel().close();
                }, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void disarm() {
            ScheduledFuture<?> armed = pending;
            if (armed != null) {
                armed.cancel(false);
                pending = null;
            }
        }

        /** Before the codec: arms at the connection's start and at the first byte of a next request. */
        ChannelInboundHandlerAdapter bytes() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) throws Exception {
                    arm(ctx);
                    super.channelActive(ctx);
                }

                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    if (ctx.channel().isActive()) {
                        arm(ctx);
                    }
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                    if (awaitingNextRequest) {
                        awaitingNextRequest = false;
                        arm(ctx);
                    }
                    super.channelRead(ctx, msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                    disarm();
                    super.channelInactive(ctx);
                }
            };
        }

        /** After the codec: a decoded head disarms; a finished answer waits for the next request's first byte. */
        ChannelDuplexHandler messages() {
            return new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                    if (msg instanceof HttpRequest) {
                        disarm();
                    }
                    super.channelRead(ctx, msg);
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                    if (msg instanceof LastHttpContent && !isInformational(msg)) {
                        awaitingNextRequest = true;
                    }
                    super.write(ctx, msg, promise);
                }
            };
        }
    }
}
