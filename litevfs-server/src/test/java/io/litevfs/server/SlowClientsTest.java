package io.litevfs.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.litevfs.protocol.wire.PageFrames;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that stall (headers then silence, bodies never sent, answers never read) or that open more
 * connections than their share: each attack comes from its own loopback address (127.0.0.x), and
 * another cluster's requests, from 127.0.0.1, must go on as if it were not there.
 */
class SlowClientsTest extends StoreTestBase {

    /** What another cluster's requests may take while the store is under attack (they take milliseconds). */
    private static final Duration UNDISTURBED = Duration.ofSeconds(3);
    private final List<Socket> attackers = new ArrayList<>();

    @Override
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return builder.property("litevfs.server.limits.request-head-timeout", "1s")
                .property("litevfs.server.limits.body-read-timeout", "1s")
                .property("litevfs.server.limits.send-timeout", "2s")
                .property("litevfs.server.limits.max-connections-per-address", "48")
                .property("litevfs.server.limits.max-page-answer-memory", "16MB");
    }

    @AfterEach
    void closeAttackers() throws IOException {
        for (Socket socket : attackers) {
            socket.close();
        }
        attackers.clear();
    }

    @Test
    void stalledUploadsAndUnreadSnapshotsDoNotDelayAnotherCluster() throws Exception {
        String big = freshName();
        TestDatabase attackersDatabase = new TestDatabase(4096);
        Map<Integer, byte[]> pages = new HashMap<>();
        for (int pgno = 1; pgno <= 4096; pgno++) {
            pages.put(pgno, attackersDatabase.content(pgno));
        }
        assertThat(http.post("/db/tx?db=" + big + "&cluster=attacker", attackersDatabase.commit(pages)).status())
                .isEqualTo(200);
        String victim = freshName();
        TestDatabase victims = new TestDatabase(512);
        assertThat(http.post("/db/tx?db=" + victim + "&cluster=victim", victims.commit(Map.of(1, victims.content(1))))
                .status()).isEqualTo(200);

        for (int i = 0; i < 20; i++) {
            send(attacker("127.0.0.2"), "POST /db/tx?db=" + freshName() + "&cluster=attacker HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: 4220\r\n\r\n");
            send(attacker("127.0.0.2"), "GET /db/snapshot?db=" + big + "&cluster=attacker&format=sqlite HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n");
        }
        Thread.sleep(300);

        assertUndisturbed(() -> http.get("/db/page?db=" + victim + "&cluster=victim&pos=" + victims.pos() + "&pgno=1"));
        Http.Response lease = assertUndisturbed(() -> http.post("/lease?db=" + victim + "&cluster=victim&duration=5000",
                new byte[0]));
        String leaseId = lease.json().get("id").asString();
        assertUndisturbed(() -> http.with("Lfsc-Lease-Id", leaseId).post("/db/tx?db=" + victim + "&cluster=victim",
                victims.commit(Map.of(1, victims.content(2)))));
        assertUndisturbed(() -> http.get("/db/snapshot?db=" + victim + "&cluster=victim"));
    }

    @Test
    void unreadPageAnswersJsonOrBinaryHoldABoundedShareOfMemoryAndAreDroppedAfterTheSendTimeout() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(65536);
        Map<Integer, byte[]> pages = new HashMap<>();
        StringBuilder pgnos = new StringBuilder("1");
        for (int pgno = 1; pgno <= 100; pgno++) {
            pages.put(pgno, local.content(pgno));
            if (pgno > 1) {
                pgnos.append(',').append(pgno);
            }
        }
        assertThat(http.post("/db/tx?db=" + db, local.commit(pages)).status()).isEqualTo(200);
        String request = "GET /db/page?db=" + db + "&pgno=" + pgnos + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String binaryRequest = request.replace("\r\n\r\n", "\r\nAccept: " + PageFrames.MEDIA_TYPE + "\r\n\r\n");
        send(attacker("127.0.0.7"), request);
        send(attacker("127.0.0.7"), binaryRequest);
        Thread.sleep(300);
        Socket third = attacker("127.0.0.7");
        send(third, binaryRequest);
        assertThat(readUntil(third, "}", Duration.ofSeconds(2))).as("6.25 MiB more would pass the 16 MB held at once")
                .startsWith("HTTP/1.1 503").contains("ETOOBUSY");

        Thread.sleep(3000);
        Http.Response afterwards = assertUndisturbed(() -> http.get("/db/page?db=" + db + "&pgno=" + pgnos));
        assertThat(afterwards.json().get("pages").size()).as("the unread answers were dropped, their memory given back")
                .isEqualTo(100);
    }

    @Test
    void aStalledUploadHoldsNoLockAndIsDroppedAfterTheBodyReadTimeout() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));

        Socket stalled = attacker("127.0.0.3");
        send(stalled, "POST /db/tx?db=" + db + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4220\r\n\r\n0123456789");
        Thread.sleep(200);
        Http.Response lease = assertUndisturbed(() -> http.post("/lease?db=" + db + "&duration=5000", new byte[0]));
        String leaseId = lease.json().get("id").asString();
        assertUndisturbed(() -> http.with("Lfsc-Lease-Id", leaseId).post("/db/tx?db=" + db,
                local.commit(Map.of(1, local.content(2)))));

        String answer = readAll(stalled, Duration.ofSeconds(5));
        assertThat(answer).as("the stalled upload was answered and closed after the body read timeout")
                .startsWith("HTTP/1.1 408").contains("ETIMEOUT");
        assertThat(http.get("/pos").json().get(db).toString()).contains(local.pos().txid().toString());
    }

    @Test
    void aStalledImportHoldsNoLockAndIsDroppedAfterTheBodyReadTimeout() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1))));

        Socket stalled = attacker("127.0.0.4");
        send(stalled, "POST /db/upload?db=" + db + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 8192\r\n\r\nSQLite format 3");
        Thread.sleep(200);
        assertUndisturbed(() -> http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(2)))));

        String answer = readAll(stalled, Duration.ofSeconds(5));
        assertThat(answer).as("the stalled import was answered and closed after the body read timeout")
                .startsWith("HTTP/1.1 408").contains("ETIMEOUT");
        assertThat(http.get("/pos").json().get(db).toString()).contains(local.pos().txid().toString());
    }

    @Test
    void anUploadWithoutTheCurrentLeaseIsRefusedBeforeItsBodyIsRead() throws Exception {
        String db = freshName();
        http.post("/lease?db=" + db + "&duration=5000", new byte[0]);
        Socket other = attacker("127.0.0.3");
        send(other, "POST /db/tx?db=" + db + " HTTP/1.1\r\nHost: 127.0.0.1\r\nLfsc-Lease-Id: not-the-lease\r\n"
                + "Content-Length: 4220\r\n\r\n");
        assertThat(readUntil(other, "}", Duration.ofMillis(800))).as("answered without waiting for the body")
                .startsWith("HTTP/1.1 4").contains("lease");
    }

    @Test
    void aClientLeavingMidUploadCostsOneWarnLineAndLeavesNothing() throws Exception {
        Logger webLog = (Logger) LoggerFactory.getLogger("io.litevfs.server.web");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        webLog.addAppender(events);
        try {
            String db = freshName();
            for (boolean reset : new boolean[] {false, true}) {
                Socket leaving = attacker("127.0.0.6");
                send(leaving, "POST /db/tx?db=" + db + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                        + (reset ? 4_000_000 : 4220) + "\r\n\r\n" + "x".repeat(100));
                Thread.sleep(100);
                if (reset) {
                    leaving.setSoLinger(true, 0);
                }
                leaving.close();
            }
            Thread.sleep(500);
            assertThat(events.list).as("no stack trace, no ERROR").noneMatch(e -> e.getLevel() == Level.ERROR
                    || e.getThrowableProxy() != null);
            assertThat(events.list).as("one warn line per upload").hasSize(2)
                    .allMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("/db/tx"));
            assertThat(http.get("/pos").json().has(db)).isFalse();
        } finally {
            webLog.detachAppender(events);
        }
    }

    /**
     * A client that goes away in the middle of a read (here a {@code POST /sync}, a batched read, as every
     * node's poll in flight is cut when it stops) costs one DEBUG line and no WARN: an application stopping
     * with its embedded store logs no WARN.
     */
    @Test
    void aClientLeavingMidSyncIsNotAWarning() throws Exception {
        Logger webLog = (Logger) LoggerFactory.getLogger("io.litevfs.server.web");
        Level level = webLog.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        webLog.addAppender(events);
        webLog.setLevel(Level.DEBUG);
        try {
            Socket leaving = attacker("127.0.0.6");
            send(leaving, "POST /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4000\r\n\r\n{\"" + "x".repeat(100));
            Thread.sleep(100);
            leaving.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.list.stream().noneMatch(e -> e.getFormattedMessage().contains("/sync"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(events.list).as("the client's leaving was seen").anyMatch(e -> e.getLevel() == Level.DEBUG
                    && e.getFormattedMessage().contains("POST /sync") && e.getFormattedMessage().contains("went away"));
            assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        } finally {
            webLog.setLevel(level);
            webLog.detachAppender(events);
        }
    }

    /**
     * A client that sends {@code Expect: 100-continue} (curl's default for bodies over 1 KiB) and, once
     * told to go on, takes longer than the request-head timeout (1 s here) to send its body in pauses
     * shorter than the body-read timeout, is served: the interim answer ends no exchange.
     */
    @Test
    void anUploadSentAfter100ContinueMayTakeLongerThanTheHeadTimeout() throws Exception {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        byte[] file = local.commit(java.util.Map.of(1, local.content(1), 2, local.content(2), 3, local.content(3)));
        Socket slow = attacker("127.0.0.8");
        send(slow, "POST /db/tx?db=" + db + " HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: "
                + file.length + "\r\n\r\n");
        assertThat(readUntil(slow, "\r\n\r\n", Duration.ofSeconds(5))).startsWith("HTTP/1.1 100");
        OutputStream out = slow.getOutputStream();
        int pieces = 10;
        for (int i = 0; i < pieces; i++) {
            out.write(file, i * file.length / pieces, (i + 1) * file.length / pieces - i * file.length / pieces);
            out.flush();
            Thread.sleep(250);
        }
        assertThat(readUntil(slow, "\r\n\r\n", Duration.ofSeconds(10))).as("2.5 s of body after 100 Continue")
                .startsWith("HTTP/1.1 200");
        assertThat(http.get("/pos").json().get(db).get("txid").asString()).isEqualTo("0000000000000001");
    }

    @Test
    void connectionsThatNeverFinishTheirRequestHeadAreClosed() throws Exception {
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket socket = attacker("127.0.0.4");
            if (i % 2 == 0) {
                send(socket, "GET /pos HTT");
            }
            silent.add(socket);
        }
        Socket trickling = attacker("127.0.0.4");
        long started = System.nanoTime();
        for (char c : "GET /pos HTTP/1.1\r\nHost: 127".toCharArray()) {
            if (!sendQuietly(trickling, String.valueOf(c))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the trickling head was cut off")
                .isLessThan(Duration.ofMillis(2500));
        for (Socket socket : silent) {
            assertThat(readAll(socket, Duration.ofSeconds(3))).as("closed without an answer").isEmpty();
        }
        assertThat(http.get("/pos").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGetsNoMoreThanItsConnectionsAndOthersGoOn() throws Exception {
        List<Socket> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(attacker("127.0.0.5"));
        }
        Thread.sleep(200);
        int served = 0;
        for (Socket socket : many) {
            if (sendQuietly(socket, "GET /pos HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
                try {
                    if (readUntil(socket, "\r\n", Duration.ofSeconds(2)).startsWith("HTTP/1.1 200")) {
                        served++;
                    }
                } catch (IOException | AssertionError closed) {
                    // closed on arrival: past the limit
                }
            }
        }
        assertThat(served).as("connections served of 60 from one address, 48 allowed").isEqualTo(48);
        assertUndisturbed(() -> http.get("/pos"));
    }

    private Http.Response assertUndisturbed(java.util.function.Supplier<Http.Response> request) {
        long started = System.nanoTime();
        Http.Response response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(took).as("a request of another client while the store is under attack").isLessThan(UNDISTURBED);
        return response;
    }

    private Socket attacker(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
        attackers.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static boolean sendQuietly(Socket socket, String text) {
        try {
            send(socket, text);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** What the store sends until {@code marker} arrives, waiting at most {@code wait}. */
    private static String readUntil(Socket socket, String marker, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        StringBuilder text = new StringBuilder();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; !text.toString().contains(marker) && (n = in.read(buffer)) != -1; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + wait.toMillis() + " ms; the store sent: " + text);
        }
        return text.toString();
    }

    /** What the store sends until it closes the connection, waiting at most {@code wait}. */
    private static String readAll(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        StringBuilder text = new StringBuilder();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the store kept the connection open past " + wait.toMillis() + " ms; it sent: " + text);
        } catch (IOException reset) {
            return text.toString();
        }
        return text.toString();
    }
}
