package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PositionEvent;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The push extension: {@code GET /events} streams the positions, then every new one. */
class PushEventsTest extends StoreTestBase {

    @Test
    void subscribersSeeCurrentPositionsThenEveryCommit() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));

        BlockingQueue<PositionEvent> events = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/events"))
                .header("Accept", "text/event-stream").build();
        var subscription = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> line.startsWith("data:"))
                        .map(line -> Http.JSON.readValue(line.substring(5), PositionEvent.class))
                        .forEach(events::add);
            }
        });
        try {
            assertThat(next(events, db)).isEqualTo(local.pos());
            http.post("/db/tx?db=" + db, local.commit(Map.of(2, local.content(2))));
            assertThat(next(events, db)).isEqualTo(local.pos());
        } finally {
            subscription.cancel(true);
            client.close();
        }
    }

    private static Pos next(BlockingQueue<PositionEvent> events, String db) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            PositionEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.db().equals(db)) {
                return event.pos();
            }
        }
        throw new AssertionError("no event for " + db + " within 10 s");
    }

    @Test
    void anOpenStreamEndsWhenTheStoreStopsAndDoesNotHoldTheShutdownUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory).openAccess().start();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(store.url() + "/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        long started = System.nanoTime();
        store.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to stop with a subscriber connected")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(stream.body().count()).as("the stream ended (its lines so far were read to the end)").isNotNegative();
    }
}
