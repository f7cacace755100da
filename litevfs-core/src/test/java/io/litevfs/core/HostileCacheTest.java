package io.litevfs.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's cache damaged while it was down (bit flips in pages, a truncated page file, a damaged header,
 * a position that is not the store's) is detected and rebuilt from the store: damaged bytes are never
 * served as data.
 */
class HostileCacheTest {

    private static final String QUERY = "select count(*), sum(length(v)), max(v) from t";

    @TempDir
    Path directory;

    @Test
    void damagedCachesAreDetectedAndRebuiltFromTheStore() throws Exception {
        Path local = directory.resolve("local.db");
        SqliteFiles.sql(local, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into t select i, hex(randomblob(400)) from n");
        List<String> expected = StoreFixture.query(local, QUERY);
        try (StoreFixture store = new StoreFixture(directory)) {
            store.upload("hostile.db", local);
            Path cache = directory.resolve("cache");
            assertThat(readThrough(store, cache, "warm")).isEqualTo(expected);
            Path pages = cache.resolve("hostile.db").resolve("cache").resolve("pages");
            Path index = cache.resolve("hostile.db").resolve("cache").resolve("index");

            flipBytes(pages, 4096 * 3 + 17, 4096 * 40 + 5, 4096 * 100 + 999);
            assertThat(readThrough(store, cache, "flipped")).isEqualTo(expected);

            try (RandomAccessFile file = new RandomAccessFile(pages.toFile(), "rw")) {
                file.setLength(file.length() / 3);
            }
            assertThat(readThrough(store, cache, "truncated")).isEqualTo(expected);

            flipBytes(index, 20);
            assertThat(readThrough(store, cache, "header")).isEqualTo(expected);

            byte[] header = Files.readAllBytes(index);
            header[16] ^= 0x01;
            Files.write(index, header);
            assertThat(readThrough(store, cache, "position")).isEqualTo(expected);

            Files.write(index, new byte[] {1, 2, 3});
            Files.write(pages, new byte[0]);
            assertThat(readThrough(store, cache, "garbage")).isEqualTo(expected);
        }
    }

    private static List<String> readThrough(StoreFixture store, Path cache, String name) throws Exception {
        try (LiteVfs vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("hostile-" + name)
                .maxRequestsPerQuery(1024).register();
             Connection connection = DriverManager.getConnection(vfs.jdbcUrl("hostile.db"))) {
            List<String> result = rows(connection, QUERY);
            assertThat(rows(connection, "pragma integrity_check")).as(name).containsExactly("ok");
            return result;
        }
    }

    private static void flipBytes(Path file, long... offsets) throws Exception {
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            for (long offset : offsets) {
                if (offset < access.length()) {
                    access.seek(offset);
                    int b = access.read();
                    access.seek(offset);
                    access.write(b ^ 0x20);
                }
            }
        }
    }
}
