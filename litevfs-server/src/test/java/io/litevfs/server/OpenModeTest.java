package io.litevfs.server;

import io.litevfs.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open mode serves local programs only: what a web page can send (a cross-origin request, a DNS
 * rebinding under a foreign host name) is refused before it reaches an endpoint.
 */
class OpenModeTest extends StoreTestBase {

    @Test
    void aCrossOriginWriteIsRefusedAndChangesNothing() {
        String db = freshName();
        TestDatabase local = new TestDatabase(512);
        Http.Response upload = http.send(http.request("/db/tx?db=" + db).header("Origin", "https://evil.example")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(local.commit(Map.of(1, local.content(1))))));
        assertThat(upload.status()).isEqualTo(403);
        assertThat(upload.code()).isEqualTo("EFORBIDDEN");
        Http.Response lease = http.send(http.request("/lease?db=" + db + "&duration=600000")
                .header("Origin", "http://localhost:3000").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(lease.status()).isEqualTo(403);
        assertThat(http.get("/pos").json().has(db)).isFalse();
        assertThat(server.leases().current("default", db)).isNull();
    }

    @Test
    void theStoresOwnOriginAndLoopbackHostsAreServed() throws IOException {
        Http.Response own = http.send(http.request("/pos").header("Origin", "http://127.0.0.1:" + server.port()).GET());
        assertThat(own.status()).isEqualTo(200);
        for (String host : new String[] {"127.0.0.1:" + server.port(), "localhost", "[::1]:" + server.port(), "127.0.0.7"}) {
            assertThat(rawGet(host)).as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aForeignHostNameIsRefused() throws IOException {
        for (String host : new String[] {"evil.example", "evil.example:" + server.port(), "127.0.0.1.evil.example", ""}) {
            String answer = rawGet(host);
            assertThat(answer).as(host).startsWith("HTTP/1.1 4");
            if (!host.isEmpty()) {
                assertThat(answer).as(host).contains("EFORBIDDEN");
            }
        }
    }

    private String rawGet(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /pos HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
