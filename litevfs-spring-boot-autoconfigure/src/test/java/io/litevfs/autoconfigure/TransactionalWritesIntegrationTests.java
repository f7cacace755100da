package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import io.litevfs.server.LiteVfsServer;
import io.litevfs.store.lease.Leases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Spring Boot application with the starter, against a real (embedded) store: {@code @Transactional}
 * writes take and give back the lease (seen on the store), rollbacks ship nothing, read-only
 * transactions take no lease, and Actuator reports what happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TransactionalWritesIntegrationTests.App.class)
class TransactionalWritesIntegrationTests {

    private static final Path DIRECTORY = temporaryDirectory();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("litevfs.embedded-store.data-directory", () -> DIRECTORY.resolve("store").toString());
        registry.add("litevfs.cache.directory", () -> DIRECTORY.resolve("cache").toString());
        registry.add("litevfs.vfs-name", () -> "spring-it");
        registry.add("litevfs.datasource.database", () -> "spring.db");
        registry.add("management.endpoints.web.exposure.include", () -> "litevfs,health");
        registry.add("management.endpoint.litevfs.access", () -> "unrestricted");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @Autowired
    Writes writes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LiteVfsServer store;
    @Autowired
    LiteVfsStore storeInfo;
    @Autowired
    LiteVfs liteVfs;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    javax.sql.DataSource transactions;
    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    int port;
    WebTestClient web;

    @BeforeEach
    void schema() {
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        writes.createSchema();
    }

    @Test
    void aWriteTransactionHoldsTheLeaseUntilItEnds() {
        AtomicReference<Leases.Lease> during = new AtomicReference<>();
        writes.insert("held", () -> during.set(store.leases().current("default", "spring.db")));
        assertThat(during.get()).as("lease held on the store during the transaction").isNotNull();
        assertThat(store.leases().current("default", "spring.db")).as("released after commit").isNull();
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'held'", Integer.class)).isEqualTo(1);
    }

    @Test
    void aRolledBackTransactionShipsNothing() {
        String before = position();
        assertThatThrownBy(() -> writes.insert("doomed", () -> {
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(position()).isEqualTo(before);
        assertThat(store.leases().current("default", "spring.db")).isNull();
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'doomed'", Integer.class)).isZero();
    }

    @Test
    void readOnlyTransactionsTakeNoLease() {
        AtomicReference<Leases.Lease> during = new AtomicReference<>(new Leases.Lease("sentinel", null));
        int count = writes.countReadOnly(() -> during.set(store.leases().current("default", "spring.db")));
        assertThat(count).isNotNegative();
        assertThat(during.get()).isNull();
    }

    @Test
    void aNestedRequiresNewTransactionSharesTheLease() {
        AtomicReference<Leases.Lease> afterInner = new AtomicReference<>();
        writes.outerWithInner(() -> afterInner.set(store.leases().current("default", "spring.db")));
        assertThat(afterInner.get()).as("the inner transaction's end keeps the outer's lease").isNotNull();
        assertThat(jdbc.queryForObject("select count(*) from notes where text in ('outer', 'inner')", Integer.class)).isEqualTo(2);
        assertThat(store.leases().current("default", "spring.db")).isNull();
    }

    @Test
    void withWriteLeaseInsideATransactionLeavesTheTransactionItsLease() {
        writes.insert("shared", () -> {
            try {
                liteVfs.withWriteLease("spring.db", java.time.Duration.ofSeconds(10), () -> null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertThat(liteVfs.holdsLease("spring.db")).as("the transaction's hold keeps the lease").isTrue();
        });
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'shared'", Integer.class)).isEqualTo(1);
        assertThat(store.leases().current("default", "spring.db")).isNull();
    }

    @Test
    void lingerKeepsTheLeaseBetweenWrites() throws Exception {
        TransactionalLeasesAccess.withLinger(java.time.Duration.ofSeconds(2), leases -> {
            AtomicReference<Leases.Lease> first = new AtomicReference<>();
            AtomicReference<Leases.Lease> second = new AtomicReference<>();
            writes.insertWith(leases, "linger 1", () -> first.set(store.leases().current("default", "spring.db")));
            assertThat(store.leases().current("default", "spring.db")).as("kept after commit").isNotNull();
            writes.insertWith(leases, "linger 2", () -> second.set(store.leases().current("default", "spring.db")));
            assertThat(second.get().id()).as("the second write reused the lease").isEqualTo(first.get().id());
            Thread.sleep(3000);
            assertThat(store.leases().current("default", "spring.db")).as("released after the linger").isNull();
        }, liteVfs, transactions);
    }

    @Test
    void aCommitTheStoreRefusesAsStaleIsAConcurrencyFailure() {
        assertThatThrownBy(() -> writes.insert("stale", () -> StoreAdvancer.advance(store, storeInfo.token(), "spring.db",
                store.leases().current("default", "spring.db").id(), DIRECTORY)))
                .isInstanceOf(org.springframework.dao.ConcurrencyFailureException.class)
                .isInstanceOf(io.litevfs.autoconfigure.transaction.LiteVfsPositionMismatchException.class)
                .hasMessageContaining("the store moved on");
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'stale'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'advanced'", Integer.class)).isEqualTo(1);
    }

    @Test
    void actuatorReportsTheDatabase() {
        writes.insert("reported", () -> { });
        jdbc.queryForObject("select count(*) from notes", Integer.class);
        Map<?, ?> report = web.get().uri("/actuator/litevfs").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        System.out.println("[actuator] " + report);
        Map<?, ?> database = (Map<?, ?>) ((Map<?, ?>) report.get("databases")).get("spring.db");
        assertThat(database.get("position")).isEqualTo(position());
        assertThat(((Map<?, ?>) database.get("cache")).get("pages")).isNotEqualTo(0);
        assertThat(((Map<?, ?>) database.get("lease")).get("held")).isEqualTo(false);
        web.get().uri("/actuator/litevfs/spring.db").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(position());
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.litevfs.status").isEqualTo("UP");

        web.post().uri("/actuator/litevfs/spring.db").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "drop")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.cache.pages").isEqualTo(0);
        web.post().uri("/actuator/litevfs/spring.db").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "cache")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.remote.requests").isNotEmpty();
        web.post().uri("/actuator/litevfs/spring.db").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "sync")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(position());
        assertThat(liteVfs.database("spring.db").orElseThrow().cache().pages()).isPositive();
        web.post().uri("/actuator/litevfs/spring.db").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "verify")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.verified").value(verified -> assertThat(verified.toString())
                        .startsWith("ok: ").endsWith("match position " + position()));

        io.micrometer.core.instrument.MeterRegistry meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        assertThat(meters.get("litevfs.cache.pages").tag("database", "spring.db").gauge().value()).isPositive();
        assertThat(meters.get("litevfs.remote.requests").tag("database", "spring.db").functionCounter().count()).isPositive();
        assertThat(meters.get("litevfs.sync.lag").tag("database", "spring.db").gauge().value()).isZero();
    }

    @Test
    void actuatorRestoresTheDatabaseToAPointOfItsHistory() {
        writes.insert("kept", () -> { });
        String kept = liteVfs.database("spring.db").orElseThrow().position().txid().toString();
        writes.insert("mistake", () -> { });
        web.post().uri("/actuator/litevfs/spring.db").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "restore", "txid", kept)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(position());
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'mistake'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from notes where text = 'kept'", Integer.class)).isEqualTo(1);
    }

    private String position() {
        return liteVfs.database("spring.db").orElseThrow().position().toString();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("litevfs-spring-it");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The application's transactional service. */
    static class Writes {

        private final JdbcTemplate jdbc;
        private final TransactionTemplate requiresNew;

        Writes(JdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager transactions) {
            this.jdbc = jdbc;
            this.requiresNew = new TransactionTemplate(transactions);
            this.requiresNew.setPropagationBehavior(Propagation.REQUIRES_NEW.value());
        }

        @Transactional
        public void createSchema() {
            jdbc.execute("create table if not exists notes(id integer primary key, text text)");
        }

        @Transactional
        public void insert(String text, Runnable inside) {
            jdbc.update("insert into notes(text) values (?)", text);
            inside.run();
        }

        @Transactional(readOnly = true)
        public int countReadOnly(Runnable inside) {
            inside.run();
            return jdbc.queryForObject("select count(*) from notes", Integer.class);
        }

        @Transactional
        public void outerWithInner(Runnable afterInner) {
            requiresNew.executeWithoutResult(status -> jdbc.update("insert into notes(text) values ('inner')"));
            afterInner.run();
            jdbc.update("insert into notes(text) values ('outer')");
        }

        /** A write through a transaction manager with other lease settings. */
        public void insertWith(org.springframework.transaction.PlatformTransactionManager manager, String text, Runnable inside) {
            new TransactionTemplate(manager).executeWithoutResult(status -> {
                jdbc.update("insert into notes(text) values (?)", text);
                inside.run();
            });
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Writes.class)
    static class App {
    }
}
