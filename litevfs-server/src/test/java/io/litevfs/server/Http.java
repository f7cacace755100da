package io.litevfs.server;

import io.litevfs.testing.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client for tests, so that requests carry exactly the headers a test gives them.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A copy that sends {@code name: value} with every request. */
    Http with(String name, String value) {
        Http copy = new Http(baseUrl);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    record Response(int status, Map<String, java.util.List<String>> headers, byte[] body) {

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        /** The error code of an error body. */
        String code() {
            return json().path("code").asString();
        }
    }

    /** Waits until the store says {@code db} is at {@code local}'s position, up to {@code within}. */
    void awaitPosition(String db, TestDatabase local, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String txid = local.pos().txid().toString();
        while (true) {
            var position = get("/pos").json().get(db);
            if (position != null && position.get("txid").asString().equals(txid)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(db + " did not reach " + txid + " within " + within + "; at " + position);
            }
            Thread.sleep(20);
        }
    }

    Response get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    Response delete(String pathAndQuery) {
        return send(request(pathAndQuery).DELETE());
    }

    Response post(String pathAndQuery, byte[] body) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response postJson(String pathAndQuery, Object body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** Posts without a Content-Length, as LiteFS streams {@code /db/tx} through a pipe. */
    Response postChunked(String pathAndQuery, byte[] body) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body))));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder;
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
