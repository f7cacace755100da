package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.store.history.Database;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store keeps across restarts: every acknowledged transaction and its history; what it drops:
 * interrupted uploads; what it refuses to serve: a stored file that no longer verifies. And history
 * retention: old positions fold into one snapshot without changing the current pages.
 */
class DurabilityTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aRestartedStoreServesEveryPositionItAcknowledged() {
        TestDatabase local = new TestDatabase(512);
        Pos first;
        try (LiteVfsServer store = start()) {
            Http http = new Http(store.url());
            http.post("/db/tx?db=kept", local.commit(Map.of(1, local.content(1), 2, local.content(2))));
            first = local.pos();
            http.post("/db/tx?db=kept", local.commit(Map.of(2, local.content(3))));
        }
        try (LiteVfsServer store = start()) {
            Http http = new Http(store.url());
            assertThat(Http.JSON.treeToValue(http.get("/pos").json().get("kept"), Pos.class)).isEqualTo(local.pos());
            assertThat(page(http, "kept", first, 2)).isEqualTo(java.util.Base64.getEncoder().encodeToString(local.content(2)));
            assertThat(page(http, "kept", local.pos(), 2)).isEqualTo(java.util.Base64.getEncoder().encodeToString(local.content(3)));
        }
    }

    @Test
    void interruptedUploadsAreDiscardedAtStartUp() throws Exception {
        try (LiteVfsServer store = start()) {
            TestDatabase local = new TestDatabase(512);
            new Http(store.url()).post("/db/tx?db=tidy", local.commit(Map.of(1, local.content(1))));
        }
        Path tmp = databaseDirectory("tidy").resolve("tmp");
        Files.createDirectories(tmp);
        Files.write(tmp.resolve("half-received.ltx"), new byte[] {'L', 'T', 'X', '1', 0, 0});
        try (LiteVfsServer store = start()) {
            assertThat(store.store().loaded("default", "tidy").historyLength()).isEqualTo(1);
            try (Stream<Path> leftovers = Files.list(tmp)) {
                assertThat(leftovers).isEmpty();
            }
        }
    }

    @Test
    void aDamagedStoredFileIsQuarantinedAndTheLastVerifiedPositionServed() throws Exception {
        TestDatabase local = new TestDatabase(512);
        Pos verified;
        try (LiteVfsServer store = start()) {
            Http http = new Http(store.url());
            http.post("/db/tx?db=damaged", local.commit(Map.of(1, local.content(1))));
            verified = local.pos();
            http.post("/db/tx?db=damaged", local.commit(Map.of(1, local.content(2))));
        }
        Path damaged = databaseDirectory("damaged").resolve("ltx").resolve("0000000000000002-0000000000000002.ltx");
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[300] ^= 0x10;
        Files.write(damaged, bytes);

        try (LiteVfsServer store = start()) {
            assertThat(store.store().loaded("default", "damaged").pos()).isEqualTo(verified);
            assertThat(databaseDirectory("damaged").resolve("quarantine").resolve(damaged.getFileName())).exists();
            assertThat(damaged).doesNotExist();
        }
    }

    @Test
    void historyOlderThanTheRetentionFoldsIntoOneSnapshot() throws Exception {
        TestDatabase local = new TestDatabase(512);
        Pos old;
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(dataDirectory).openAccess()
                .retention(Duration.ofMillis(200)).property("litevfs.server.compaction-interval", "100ms").start()) {
            Http http = new Http(store.url());
            http.post("/db/tx?db=folded", local.commit(Map.of(1, local.content(1), 2, local.content(2), 3, local.content(3))));
            old = local.pos();
            for (int i = 0; i < 5; i++) {
                http.post("/db/tx?db=folded", local.commit(Map.of(1 + i % 3, local.content(10 + i))));
            }
            Database database = store.store().loaded("default", "folded");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (database.historyLength() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(database.historyLength()).isEqualTo(1);
            assertThat(http.get("/db/page?db=folded&pos=" + old + "&pgno=1").code()).isEqualTo("EPOSMISMATCH");
            assertThat(http.get("/db/sync?db=folded&pos=" + old).json().get("all").asBoolean()).isTrue();
            for (int pgno = 1; pgno <= 3; pgno++) {
                assertThat(page(http, "folded", local.pos(), pgno))
                        .isEqualTo(java.util.Base64.getEncoder().encodeToString(local.page(pgno)));
            }
            assertThat(http.post("/db/tx?db=folded", local.commit(Map.of(2, local.content(99)))).status()).isEqualTo(200);
        }
        try (LiteVfsServer store = start(); Stream<Path> files = Files.list(databaseDirectory("folded").resolve("ltx"))) {
            assertThat(store.store().loaded("default", "folded").pos()).isEqualTo(local.pos());
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("0000000000000001-")))
                    .hasSize(1);
        }
    }

    private LiteVfsServer start() {
        return LiteVfsServer.builder().dataDirectory(dataDirectory).openAccess().start();
    }

    private Path databaseDirectory(String name) {
        return dataDirectory.resolve("clusters").resolve("default").resolve("dbs").resolve(name);
    }

    private static String page(Http http, String db, Pos pos, int pgno) {
        Http.Response response = http.get("/db/page?db=" + db + "&pos=" + pos + "&pgno=" + pgno);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("pages").get(0).get("data").asString();
    }
}
