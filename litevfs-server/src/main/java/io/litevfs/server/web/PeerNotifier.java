package io.litevfs.server.web;

import io.litevfs.protocol.Pos;
import io.litevfs.store.PageStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the other replicas on the bucket of each commit here ({@code POST /internal/changed}), so that
 * they catch up at once instead of at their next poll. Fire and forget: a peer that is down or slow
 * only learns at its next poll; failures are logged at most once a minute per store.
 */
public final class PeerNotifier implements PageStore.CommitListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerNotifier.class);
    private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

    private final List<URI> peers;
    private final @Nullable String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    public PeerNotifier(List<URI> peers, @Nullable String token) {
        this.peers = List.copyOf(peers);
        this.token = token;
    }

    @Override
    public void committed(String cluster, String name, Pos pos) {
        for (URI peer : peers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(peer.resolve("/internal/changed?cluster="
                            + encode(cluster) + "&db=" + encode(name)))
                    .timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", token);
            }
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() >= 300) {
                    warn(peer, failure != null ? failure.toString() : "status " + response.statusCode());
                }
            });
        }
    }

    private void warn(URI peer, String why) {
        long last = lastWarning.get();
        if (System.nanoTime() - last >= QUIET_NANOS && lastWarning.compareAndSet(last, System.nanoTime())) {
            log.warn("[store] cannot notify peer {} of a commit ({}); it learns at its next poll", peer, why);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
