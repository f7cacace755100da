package io.litevfs.samples.clinic;

import io.litevfs.autoconfigure.LiteVfsStore;
import io.litevfs.samples.clinic.ClinicViews.OwnerView;
import io.litevfs.samples.clinic.ClinicViews.PetView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic as two nodes, each a whole application on its own port: node A runs the (temporary) embedded
 * store, node B names it as its store. A write through either node's API is read through the other's,
 * once that node has synced (about a second).
 */
class TwoNodeClinicTests {

    @TempDir
    static Path directory;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() {
        nodeA = new SpringApplicationBuilder(ClinicApplication.class).properties(Map.of("server.port", "0")).run();
        LiteVfsStore store = nodeA.getBean(LiteVfsStore.class);
        nodeB = new SpringApplicationBuilder(ClinicApplication.class).properties(Map.of("server.port", "0",
                "litevfs.cloud.url", store.url(), "litevfs.cloud.token", Objects.requireNonNull(store.token()),
                "litevfs.cache.directory", directory.resolve("node-b").toString())).run();
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    private static RestClient http(ConfigurableApplicationContext node) {
        return RestClient.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void eachNodeReadsWhatTheOtherWrote() {
        OwnerView owner = http(nodeA).post().uri("/owners").body(Map.of("firstName", "Harold", "lastName", "Davis",
                "address", "563 Friendly St.", "city", "Windsor", "telephone", "6085553198")).retrieve().body(OwnerView.class);
        OwnerView onB = await(() -> http(nodeB).get().uri("/owners?lastName=Davis").retrieve().body(OwnerView[].class),
                owners -> owners.length == 1)[0];
        assertThat(onB).isEqualTo(owner);

        PetView pet = http(nodeB).post().uri("/owners/{id}/pets", owner.id())
                .body(Map.of("name", "Iggy", "birthDate", "2010-11-30", "type", "lizard")).retrieve().body(PetView.class);
        OwnerView onA = await(() -> http(nodeA).get().uri("/owners/{id}", owner.id()).retrieve().body(OwnerView.class),
                read -> !read.pets().isEmpty());
        assertThat(onA.pets()).containsExactly(pet);
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            value = read.get();
        }
        assertThat(done.test(value)).as("the other node saw the write within 30 s: %s", value).isTrue();
        return value;
    }
}
