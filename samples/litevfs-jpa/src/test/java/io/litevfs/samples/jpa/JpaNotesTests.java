package io.litevfs.samples.jpa;

import io.litevfs.autoconfigure.LiteVfsStore;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JPA sample as two nodes of one store: node A runs the embedded store, node B reaches it over HTTP.
 * Flyway migrates the schema at start-up, {@code @Transactional} saves land and the other node reads them,
 * and a rollback leaves nothing; no line of the application knows LiteVFS. The application is a plain one
 * (no web starter) and stays one, although the store brings WebFlux's classes.
 */
class JpaNotesTests {

    private static final String DATABASE = "jpa-notes.db";

    @TempDir
    static Path directory;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    /** Closed with the others: closing a context releases Reactor Netty's resources, which every node in this JVM shares. */
    static ConfigurableApplicationContext nodeWithDdl;

    /** Leases the store granted by the time node A had started, and by the time node B had. */
    static int grantsAfterA;
    static int grantsAfterB;

    @BeforeAll
    static void start() {
        nodeA = node("a", Map.of("litevfs.embedded-store.data-directory", directory.resolve("store").toString()));
        grantsAfterA = nodeA.getBean(LiteVfsServer.class).leases().history().size();
        LiteVfsStore store = nodeA.getBean(LiteVfsStore.class);
        nodeB = node("b", Map.of("litevfs.cloud.url", store.url(), "litevfs.cloud.token", Objects.requireNonNull(store.token())));
        grantsAfterB = nodeA.getBean(LiteVfsServer.class).leases().history().size();
    }

    private static ConfigurableApplicationContext node(String name, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("litevfs.cache.directory", directory.resolve(name).toString());
        all.put("litevfs.vfs-name", "jpa-sample-" + name);
        return new SpringApplicationBuilder(JpaNotesApplication.class).properties(all).run();
    }

    @AfterAll
    static void stop() {
        if (nodeWithDdl != null) {
            nodeWithDdl.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aPlainApplicationStaysPlainAlthoughTheStoreBringsWebFluxClasses() {
        assertThat(nodeA).as("the node running the embedded store").isNotInstanceOf(WebServerApplicationContext.class);
        assertThat(nodeB).as("the node reaching it").isNotInstanceOf(WebServerApplicationContext.class);
    }

    @Test
    void flywayMigratedTheSchemaUnderTheLease() {
        JdbcTemplate jdbc = nodeA.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForList("select version, success from flyway_schema_history where version is not null"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("version")).isEqualTo("1");
                    assertThat(row.get("success")).isIn(1, true);
                });
    }

    /** Node B found nothing pending, so it started without the lease: nodes starting at once do not queue on it. */
    @Test
    void onlyTheNodeWithMigrationsToRunTookTheLeaseAtStartUp() {
        assertThat(grantsAfterA).as("node A migrated under the lease").isOne();
        assertThat(grantsAfterB).as("node B took none").isEqualTo(grantsAfterA);
    }

    @Test
    void aTransactionalSaveLandsAndTheOtherNodeReadsIt() {
        Note saved = nodeA.getBean(Notes.class).add("saved on A");
        assertThat(saved.getId()).as("the identity the insert generated").isNotNull();
        assertThat(nodeA.getBean(NoteRepository.class).findById(saved.getId())).isPresent();
        awaitTrue(() -> !nodeB.getBean(Notes.class).containing("saved on A").isEmpty(), "node B reads A's note");
        assertThat(leaseHolder()).as("the lease was given back after the commit").isNull();
    }

    @Test
    void bothNodesWriteInTurn() {
        Note fromB = nodeB.getBean(Notes.class).add("turn: B");
        awaitTrue(() -> !nodeA.getBean(Notes.class).containing("turn: B").isEmpty(), "node A reads B's note");
        Note fromA = nodeA.getBean(Notes.class).add("turn: A");
        assertThat(fromA.getId()).isGreaterThan(fromB.getId());
        awaitTrue(() -> nodeB.getBean(Notes.class).containing("turn: ").size() == 2, "node B reads both");
    }

    @Test
    void aRolledBackTransactionLeavesNothing() {
        Notes notes = nodeA.getBean(Notes.class);
        assertThatThrownBy(() -> notes.addThenFail("rolled back")).hasMessageContaining("rolls back");
        assertThat(notes.containing("rolled back")).isEmpty();
        assertThat(leaseHolder()).isNull();
    }

    @Test
    void aRepositorySaveOutsideAnyServiceTransactionLandsToo() {
        NoteRepository repository = nodeB.getBean(NoteRepository.class);
        Note saved = repository.save(new Note("repository save", java.time.Instant.now()));
        assertThat(saved.getId()).isNotNull();
        assertThat(repository.findByTextContainingOrderByIdAsc("repository save")).hasSize(1);
    }

    @Test
    void derivedQueriesAndPagingRead() {
        Notes notes = nodeA.getBean(Notes.class);
        notes.addAll(List.of("page 1", "page 2", "page 3"));
        NoteRepository repository = nodeA.getBean(NoteRepository.class);
        var page = repository.findAllByOrderByIdDesc(PageRequest.of(0, 2));
        assertThat(page.getContent()).hasSize(2);
        assertThat(page.getTotalElements()).isGreaterThanOrEqualTo(3);
        assertThat(notes.containing("page ")).extracting(Note::getText).containsSubsequence("page 1", "page 2", "page 3");
        assertThat(notes.containing("page 1").getFirst().getCreatedAt()).isNotNull();
    }

    @Test
    void hibernateCreatesTheSchemaUnderTheLeaseWhenAskedTo() {
        LiteVfsStore store = nodeA.getBean(LiteVfsStore.class);
        nodeWithDdl = node("ddl", Map.of("litevfs.cloud.url", store.url(),
                "litevfs.cloud.token", Objects.requireNonNull(store.token()), "litevfs.datasource.database", "jpa-ddl.db",
                "spring.flyway.enabled", "false", "spring.jpa.hibernate.ddl-auto", "update"));
        Note saved = nodeWithDdl.getBean(Notes.class).add("in a schema Hibernate made");
        assertThat(nodeWithDdl.getBean(Notes.class).containing("schema Hibernate")).extracting(Note::getId)
                .containsExactly(saved.getId());
    }

    @Test
    void theEmbeddedStoreLeavesThisPlainApplicationPlain() {
        LiteVfsStore store = nodeA.getBean(LiteVfsStore.class);
        try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(JpaNotesApplication.class)
                .properties(Map.of("litevfs.cloud.url", store.url(), "litevfs.cloud.token", Objects.requireNonNull(store.token()),
                        "litevfs.cache.directory", directory.resolve("plain").toString(), "litevfs.vfs-name", "jpa-plain"))
                .run()) {
            assertThat(plain).as("WebFlux's classes come with the store; the application asked for no web server")
                    .isNotInstanceOf(org.springframework.boot.web.server.context.WebServerApplicationContext.class);
        }
    }

    private static Object leaseHolder() {
        return nodeA.getBean(LiteVfsServer.class).leases().current("default", DATABASE);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
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
