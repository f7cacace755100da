package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.core.db.DatabaseImport;
import io.litevfs.protocol.Pos;
import io.litevfs.server.LiteVfsServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real page store on loopback, and the way to put a database built with plain SQLite into it: its
 * pages as one LTX snapshot (or the next transaction), uploaded over HTTP.
 */
final class StoreFixture implements AutoCloseable {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    final LiteVfsServer server;
    private final Path directory;

    StoreFixture(Path directory) {
        this.directory = directory;
        this.server = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start();
    }

    String url() {
        return server.url();
    }

    /** A cache directory for a node of the tests. */
    Path cacheDirectory(String node) {
        return directory.resolve("cache-" + node);
    }

    /** The real client to this store, counting its requests. */
    RecordingCloudClient recordingClient() {
        return new RecordingCloudClient(WebClientCloudClient.create(
                new CloudOptions(URI.create(url()), null, null, Duration.ofSeconds(10), Resilience.DEFAULTS)));
    }

    /** A node of this store named {@code name} (its VFS name too), with an empty cache, talking through {@code client}. */
    LiteVfs node(String name, RecordingCloudClient client) {
        return LiteVfs.builder().storeUrl(url()).cloudClient(client).cacheDirectory(cacheDirectory(name)).vfsName(name)
                .register();
    }

    /** Uploads the whole SQLite file as the next transaction of {@code database} (a snapshot if it has none). */
    Pos upload(String database, Path sqliteFile) throws IOException, InterruptedException {
        return uploadTo(url(), directory, database, sqliteFile);
    }

    /** The same against any store. */
    static Pos uploadTo(String url, Path directory, String database, Path sqliteFile) throws IOException, InterruptedException {
        return uploadTo(url, directory, database, sqliteFile, null);
    }

    /** The same under a write lease. */
    static Pos uploadTo(String url, Path directory, String database, Path sqliteFile, String leaseId)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String positions = http.send(HttpRequest.newBuilder(URI.create(url + "/pos")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Pos> known = JSON.readValue(positions, new tools.jackson.core.type.TypeReference<Map<String, Pos>>() { });
        Pos current = known.getOrDefault(database, Pos.ZERO);
        Path ltx = directory.resolve("upload-" + System.nanoTime() + ".ltx");
        Pos reached = DatabaseImport.encode(sqliteFile, current, null, ltx);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/db/tx?db=" + database))
                    .POST(HttpRequest.BodyPublishers.ofFile(ltx));
            if (leaseId != null) {
                request.header("Lfsc-Lease-Id", leaseId);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("upload refused: " + response.body());
            }
        } finally {
            Files.delete(ltx);
        }
        return reached;
    }

    /** The rows of {@code query} on a plain local SQLite file, the reference a test compares LiteVFS with. */
    static List<String> query(Path file, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return rows(connection, query);
        }
    }

    /** The rows {@code query} answers on {@code connection}, each as its columns' text joined by {@code |}. */
    static List<String> rows(Connection connection, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.append(column > 1 ? "|" : "").append(result.getString(column));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Override
    public void close() {
        server.close();
    }
}
