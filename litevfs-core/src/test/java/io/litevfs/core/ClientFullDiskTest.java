package io.litevfs.core;

import io.litevfs.testing.SmallFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's cache directory fills up: reads keep working (the cache stops growing and evicts), a write
 * fails with an error and leaves the store as it was, and writing works again once space returns.
 */
class ClientFullDiskTest {

    @TempDir
    Path directory;

    @Test
    void aFullCacheDirectoryNeitherCorruptsNorStopsReads() throws Exception {
        Path local = directory.resolve("local.db");
        SqliteFiles.sql(local, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into t select i, hex(randomblob(500)) from n");
        List<String> expected = StoreFixture.query(local, "select count(*), sum(length(v)) from t");
        try (StoreFixture store = new StoreFixture(directory);
             SmallFileSystem disk = new SmallFileSystem(directory.resolve("small"), "6m")) {
            store.upload("full.db", local);
            try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(disk.path().resolve("cache"))
                    .vfsName("client-full").minAvailableSpace(1 << 20).maxRequestsPerQuery(1024).register();
                 Connection connection = DriverManager.getConnection(node.jdbcUrl("full.db"));
                 Statement statement = connection.createStatement()) {
                assertThat(rows(connection, "select count(*), sum(length(v)) from t")).isEqualTo(expected);
                assertThat(node.database("full.db").orElseThrow().cache().bytes()).isLessThan(6L << 20);

                disk.fill(32 * 1024);
                assertThat(rows(connection, "select count(*), sum(length(v)) from t")).isEqualTo(expected);
                String before = rows(connection, "pragma litevfs_position").getFirst();
                assertThatThrownBy(() -> node.withWriteLease("full.db", Duration.ofSeconds(5),
                        () -> statement.execute("update t set v = hex(randomblob(600)) where id <= 300")))
                        .isInstanceOf(SQLException.class).hasMessageContaining("full");
                assertThat(rows(connection, "pragma litevfs_position").getFirst()).isEqualTo(before);
                assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");

                disk.free();
                node.withWriteLease("full.db", Duration.ofSeconds(5), () -> statement.execute("update t set v = 'x' where id = 1"));
                assertThat(rows(connection, "select v from t where id = 1")).containsExactly("x");
            }
        }
    }
}
