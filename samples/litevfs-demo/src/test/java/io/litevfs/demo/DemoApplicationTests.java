package io.litevfs.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two demo instances as a user would run them: the first with its embedded store, the second pointed
 * at the first's store with the token the store wrote for its owner (as the README's tour does), each
 * with its own VFS name and cache. Everything over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoApplicationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;
    /** Leases the store granted by the time each instance had started. */
    private int grantsAfterFirst;
    private int grantsAfterSecond;

    @BeforeAll
    void start(@TempDir Path directory) throws java.io.IOException {
        first = SpringApplication.run(DemoApplication.class, "--server.port=0", "--litevfs.vfs-name=demo-first",
                "--litevfs.embedded-store.port=0", "--litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                "--litevfs.cache.directory=" + directory.resolve("cache-first"), "--litevfs.sync.period=500ms");
        grantsAfterFirst = first.getBean(io.litevfs.server.LiteVfsServer.class).leases().history().size();
        String store = first.getBean(io.litevfs.autoconfigure.LiteVfsStore.class).url();
        String token = java.nio.file.Files.readString(directory.resolve("store").resolve("embedded-store.token")).strip();
        second = SpringApplication.run(DemoApplication.class, "--server.port=0", "--litevfs.vfs-name=demo-second",
                "--litevfs.cloud.url=" + store, "--litevfs.cloud.token=" + token,
                "--litevfs.cache.directory=" + directory.resolve("cache-second"),
                "--litevfs.sync.period=500ms");
        grantsAfterSecond = first.getBean(io.litevfs.server.LiteVfsServer.class).leases().history().size();
    }

    /** The first instance migrated the schema under the lease; the second, finding nothing to do, took none. */
    @Test
    void anInstanceWithNothingToMigrateStartsWithoutTheLease() {
        assertThat(grantsAfterFirst).isOne();
        assertThat(grantsAfterSecond).isEqualTo(grantsAfterFirst);
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    /** The embedded store is a WebFlux application; this one stays the servlet application it is. */
    @Test
    void theEmbeddedStoreLeavesThisServletApplicationAServletApplication() {
        assertThat(first).isInstanceOf(ServletWebServerApplicationContext.class);
        assertThat(second).isInstanceOf(ServletWebServerApplicationContext.class);
    }

    @Test
    void insertAnswersTheLatencyAndFetchTheLastTwentyInOrder() throws Exception {
        for (int i = 0; i < 22; i++) {
            JsonNode inserted = post(first, "/insert");
            assertThat(inserted.get("latency").asString()).matches("\\d+\\.\\d{2}ms");
            assertThat(inserted.get("record").get("id").asLong()).isPositive();
        }
        JsonNode fetched = get(first, "/fetch");
        assertThat(fetched.get("latency").asString()).matches("\\d+\\.\\d{2}ms");
        List<Long> ids = fetched.get("records").valueStream().map(record -> record.get("id").asLong()).toList();
        assertThat(ids).hasSize(20).isSorted();
        assertThat(ids.getLast()).isEqualTo(get(first, "/fetch").get("records").valueStream()
                .mapToLong(record -> record.get("id").asLong()).max().orElseThrow());
    }

    @Test
    void anInsertOnOneInstanceIsFetchedOnTheOtherWithinTwoSyncPeriods() throws Exception {
        long id = post(first, "/insert").get("record").get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofMillis(1000).toNanos();
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            seen = get(second, "/fetch").get("records").valueStream().anyMatch(record -> record.get("id").asLong() == id);
            Thread.sleep(20);
        }
        assertThat(seen).as("record %d fetched on the second instance within two sync periods", id).isTrue();
        assertThat(post(second, "/insert").get("record").get("id").asLong()).isGreaterThan(id);
    }

    @Test
    void thePageServesItsButtonsAndHtmxItself() throws Exception {
        String page = text(first, "/");
        assertThat(page).contains("id=\"insert\"", "id=\"fetch\"", "/webjars/htmx.org/2.0.4/dist/htmx.min.js")
                .doesNotContain("https://");
        assertThat(text(first, "/webjars/htmx.org/2.0.4/dist/htmx.min.js")).contains("htmx");
        assertThat(get(first, "/actuator/litevfs").get("databases").has("demo.db")).isTrue();
    }

    /** Another machine reaches neither the demo nor its Actuator, and the Actuator's actions are closed anyway. */
    @Test
    void theDemoListensOnLoopbackOnlyAndItsActuatorIsReadOnly() throws Exception {
        assertThat(first.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
        HttpResponse<String> drop = http.send(HttpRequest.newBuilder(RunningDemo.uri(first, "/actuator/litevfs/demo.db"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"drop\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(drop.statusCode()).as(drop.body()).isBetween(400, 499);
    }

    private JsonNode post(ConfigurableApplicationContext app, String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(RunningDemo.uri(app, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        return JSON.readTree(text(app, path));
    }

    private String text(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(RunningDemo.uri(app, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
