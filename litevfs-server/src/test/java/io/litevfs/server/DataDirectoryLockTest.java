package io.litevfs.server;

import io.litevfs.testing.StoreProcess;
import io.litevfs.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data directory belongs to one store at a time: a second store on it, in another process or in this
 * one (two embedded stores of two application contexts), is refused before it reads or writes anything,
 * with the directory, the holder and the setting to change; the directory is free again once its store
 * closes or its process dies. Two stores on one directory would each acknowledge TXID 1 to a different upload.
 * And what a store keeps there is its user's only.
 */
class DataDirectoryLockTest {

    @TempDir
    Path directory;

    @Test
    void aSecondStoreInThisProcessIsRefusedUntilTheFirstCloses() {
        Path data = directory.resolve("one-store");
        try (LiteVfsServer first = LiteVfsServer.builder().dataDirectory(data).openAccess().start()) {
            TestDatabase local = new TestDatabase(512);
            assertThat(new Http(first.url()).post("/db/tx?db=kept.db", local.commit(Map.of(1, local.content(1)))).status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(data).openAccess().start())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(data.toAbsolutePath().toString())
                    .hasMessageContaining("another page store in this process")
                    .hasMessageContaining("litevfs.server.data-dir")
                    .hasMessageContaining("litevfs.embedded-store.data-directory");
            assertThat(new Http(first.url()).get("/pos").json().has("kept.db")).as("the first store serves on").isTrue();
        }
        try (LiteVfsServer reopened = LiteVfsServer.builder().dataDirectory(data).openAccess().start()) {
            assertThat(new Http(reopened.url()).get("/pos").json().path("kept.db").path("txid").asString())
                    .isEqualTo("0000000000000001");
        }
    }

    /** What the store keeps is its user's only: files {@code 0600} in {@code 0700} directories. */
    @Test
    void theStoresFilesAreItsUsersOnly() throws Exception {
        Path data = directory.resolve("private");
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(data).openAccess().start()) {
            TestDatabase local = new TestDatabase(512);
            Http http = new Http(store.url());
            for (int i = 1; i <= 3; i++) {
                assertThat(http.post("/db/tx?db=private.db", local.commit(Map.of(1, local.content(i), 2, local.content(i + 9))))
                        .status()).isEqualTo(200);
            }
            assertThat(http.get("/db/snapshot?db=private.db&format=sqlite").status()).isEqualTo(200);
        }
        java.util.List<Path> all;
        try (java.util.stream.Stream<Path> walk = Files.walk(data)) {
            all = walk.toList();
        }
        assertThat(all).anyMatch(path -> path.toString().endsWith(".ltx"));
        for (Path path : all) {
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertThat(mode).as(data.relativize(path).toString())
                    .isEqualTo(Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void aStoreOnADirectoryAnotherProcessServesIsRefusedUntilThatProcessDies() throws Exception {
        Path data = directory.resolve("shared");
        try (StoreProcess other = new StoreProcess(data, directory.resolve("other.log"))) {
            other.start();
            String holder = Files.readString(data.resolve(".litevfs.lock")).strip();
            assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(data).openAccess().start())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(data.toAbsolutePath().toString())
                    .hasMessageContaining("in use by process " + holder);
            assertThat(new Http(other.url()).get("/pos").status()).isEqualTo(200);
            other.kill();
            try (LiteVfsServer after = LiteVfsServer.builder().dataDirectory(data).openAccess().start()) {
                assertThat(new Http(after.url()).get("/pos").status()).isEqualTo(200);
            }
        }
    }
}
