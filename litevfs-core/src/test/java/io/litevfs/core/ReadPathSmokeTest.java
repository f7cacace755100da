package io.litevfs.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class ReadPathSmokeTest {

    @TempDir
    Path directory;

    @Test
    void aDatabaseInTheStoreIsReadThroughTheVfs() throws Exception {
        Path local = directory.resolve("local.db");
        SqliteFiles.sql(local, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) insert into t(v) select 'value ' || i from n");
        try (StoreFixture store = new StoreFixture(directory)) {
            store.upload("smoke.db", local);
            try (LiteVfs vfs = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("cache"))
                    .vfsName("smoke").register();
                 Connection connection = DriverManager.getConnection(vfs.jdbcUrl("smoke.db"));
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select count(*), sum(length(v)) from t")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(5000);
                assertThat(result.getLong(2)).isGreaterThan(5000L * 7);
                System.out.println(vfs.databases());
            }
        }
    }
}
