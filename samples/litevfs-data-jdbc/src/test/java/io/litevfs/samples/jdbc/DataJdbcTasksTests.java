package io.litevfs.samples.jdbc;

import io.litevfs.autoconfigure.LiteVfsStore;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring Data JDBC sample as two nodes of one store: the dialect is found without configuration,
 * repositories save, page and derive queries, times round-trip exactly, and the other node reads what one
 * wrote.
 */
class DataJdbcTasksTests {

    @TempDir
    static Path directory;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() {
        nodeA = node("a", Map.of("litevfs.embedded-store.data-directory", directory.resolve("store").toString()));
        LiteVfsStore store = nodeA.getBean(LiteVfsStore.class);
        nodeB = node("b", Map.of("litevfs.cloud.url", store.url(), "litevfs.cloud.token", Objects.requireNonNull(store.token())));
    }

    private static ConfigurableApplicationContext node(String name, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("litevfs.cache.directory", directory.resolve(name).toString());
        all.put("litevfs.vfs-name", "data-jdbc-sample-" + name);
        return new SpringApplicationBuilder(DataJdbcTasksApplication.class).web(WebApplicationType.NONE).properties(all).run();
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

    @Test
    void aSaveLandsWithItsTimesExactAndTheOtherNodeReadsIt() {
        OffsetDateTime due = OffsetDateTime.of(2027, 1, 2, 9, 30, 15, 123_456_789, ZoneOffset.ofHours(5));
        Task saved = nodeA.getBean(Tasks.class).add("exact times", due);
        assertThat(saved.id()).isNotNull();
        Task read = nodeA.getBean(TaskRepository.class).findById(saved.id()).orElseThrow();
        assertThat(read.dueAt()).as("offset and nanoseconds kept").isEqualTo(due);
        assertThat(read.createdAt()).isEqualTo(saved.createdAt());
        awaitTrue(() -> nodeB.getBean(TaskRepository.class).findById(saved.id()).isPresent(), "node B reads A's task");
        assertThat(nodeB.getBean(TaskRepository.class).findById(saved.id()).orElseThrow().dueAt()).isEqualTo(due);
        assertThat(nodeA.getBean(LiteVfsServer.class).leases().current("default", "tasks.db")).isNull();
    }

    @Test
    void updatesDerivedQueriesAndPaging() {
        Tasks tasks = nodeB.getBean(Tasks.class);
        for (int i = 0; i < 5; i++) {
            tasks.add("paged " + i, null);
        }
        TaskRepository repository = nodeB.getBean(TaskRepository.class);
        long first = repository.findByTitleStartingWith("paged 0").getFirst().id();
        tasks.finish(first);
        assertThat(repository.findByDoneFalseOrderByIdAsc()).extracting(Task::title).doesNotContain("paged 0").contains("paged 1");
        var page = repository.findByTitleStartingWith("paged", PageRequest.of(1, 2, Sort.by("id")));
        assertThat(page.getContent()).extracting(Task::title).containsExactly("paged 2", "paged 3");
        assertThat(page.getTotalElements()).isEqualTo(5);
        assertThat(repository.findAll(PageRequest.of(0, 3, Sort.by(Sort.Direction.DESC, "id"))).getContent()).hasSize(3);
        assertThat(repository.findByCreatedAtBefore(Instant.now().plus(1, ChronoUnit.MINUTES))).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void aRolledBackTransactionLeavesNothing() {
        assertThatThrownBy(() -> nodeA.getBean(Tasks.class).addThenFail("rolled back")).hasMessageContaining("rolls back");
        assertThat(nodeA.getBean(TaskRepository.class).findByTitleStartingWith("rolled back")).isEmpty();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 15 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
