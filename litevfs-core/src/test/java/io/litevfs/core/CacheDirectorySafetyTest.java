package io.litevfs.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whoever can change a node's cache directory decides what the node reads. So the directory must be the
 * user's own: one of another user, or one every user may write in, is refused before anything is read from
 * it (one of the user's own that others may read is closed to them);
 * what the node writes there is {@code 0600} in {@code 0700} directories; a link planted inside is not
 * followed; and the default is in the user's own cache, never in the shared temporary directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheDirectorySafetyTest {

    private Path directory;
    private StoreFixture store;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        store = new StoreFixture(directory);
        Path file = directory.resolve("plain.db");
        SqliteFiles.sql(file, "create table t(id integer primary key, v text)", "insert into t(v) values ('one'), ('two')");
        store.upload("safe.db", file);
    }

    @AfterAll
    void stop() {
        store.close();
    }

    @Test
    void aCacheDirectoryOthersMayWriteInIsRefused() throws Exception {
        Path cache = Files.createDirectories(directory.resolve("open-to-all"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> node("open-to-all", cache)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(cache.toString()).hasMessageContaining("may be written by others (rwxrwxrwx)")
                .hasMessageContaining("litevfs.cache.directory");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aCacheDirectoryOfOnesOwnThatOthersMayReadIsClosed() throws Exception {
        Path cache = Files.createDirectories(directory.resolve("made-with-umask-002"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxr-x"));
        try (LiteVfs node = node("umask", cache); Connection connection = DriverManager.getConnection(node.jdbcUrl("safe.db"))) {
            assertThat(rows(connection, "select count(*) from t")).isNotEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    }

    @Test
    void aCacheDirectoryOfAnotherUserIsRefused() throws Exception {
        Path cache = Files.createDirectories(directory.resolve("someone-elses"));
        UserPrincipal nobody = cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(cache, nobody);
        assertThatThrownBy(() -> node("someone-elses", cache)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to nobody, not to " + System.getProperty("user.name"));
    }

    @Test
    void everythingTheNodeWritesIsTheOwnersOnly() throws Exception {
        Path cache = directory.resolve("private");
        try (LiteVfs node = node("private", cache); Connection connection = DriverManager.getConnection(node.jdbcUrl("safe.db"))) {
            assertThat(rows(connection, "select count(*) from t")).containsExactly("2");
            rows(connection, "pragma litevfs_acquire_lease");
            rows(connection, "insert into t(v) values ('three') returning id");
            rows(connection, "pragma litevfs_release_lease");
            assertOwnerOnly(cache);
        }
    }

    @Test
    void aLinkPlantedInTheCacheIsNotFollowed() throws Exception {
        Path cache = directory.resolve("planted");
        Path elsewhere = directory.resolve("elsewhere.txt");
        Files.writeString(elsewhere, "not the node's");
        Files.createDirectories(cache.resolve("safe.db").resolve("cache"));
        Files.createSymbolicLink(cache.resolve("safe.db").resolve("cache").resolve("pages"), elsewhere);
        try (LiteVfs node = node("planted", cache)) {
            assertThatThrownBy(() -> {
                try (Connection connection = DriverManager.getConnection(node.jdbcUrl("safe.db"))) {
                    rows(connection, "select count(*) from t");
                }
            }).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("cannot prepare the local directory");
        }
        assertThat(Files.readString(elsewhere)).isEqualTo("not the node's");
    }

    @Test
    void theDefaultCacheIsTheUsersOwnNeverTheSharedTemporaryDirectory() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(LiteVfs.Builder.defaultCacheDirectory("app", Map.of()))
                .isEqualTo(home.resolve(".cache").resolve("litevfs").resolve("app"));
        assertThat(LiteVfs.Builder.defaultCacheDirectory("app", Map.of("XDG_CACHE_HOME", "/var/cache/me")))
                .isEqualTo(Path.of("/var/cache/me/litevfs/app"));
        assertThat(LiteVfs.Builder.defaultCacheDirectory("app", Map.of("XDG_CACHE_HOME", "relative")))
                .as("a relative XDG_CACHE_HOME is ignored, as the specification says")
                .isEqualTo(home.resolve(".cache").resolve("litevfs").resolve("app"));
        assertThat(LiteVfs.Builder.defaultCacheDirectory("app", Map.of()).toString())
                .doesNotStartWith(System.getProperty("java.io.tmpdir"));
    }

    /** Every file below {@code root} is {@code rw-------} and every directory {@code rwx------}. */
    static void assertOwnerOnly(Path root) throws Exception {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.toList();
        }
        assertThat(all).hasSizeGreaterThan(3);
        for (Path path : all) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            assertThat(mode).as(root.relativize(path).toString())
                    .isEqualTo(Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------");
        }
    }

    private LiteVfs node(String name, Path cache) {
        return LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("safety-" + name).register();
    }
}
