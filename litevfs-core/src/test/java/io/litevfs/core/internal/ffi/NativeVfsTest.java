package io.litevfs.core.internal.ffi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The native plumbing alone: a Java file system registered as a VFS serves SQL through sqlite-jdbc. */
class NativeVfsTest {

    @TempDir
    Path directory;

    @Test
    void sqlRunsThroughAJavaFileSystem() throws SQLException {
        MemoryFileSystem fileSystem = new MemoryFileSystem(directory);
        try (NativeVfs vfs = NativeVfs.register("memtest", fileSystem)) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:t.db?vfs=memtest");
                 Statement statement = connection.createStatement()) {
                statement.execute("create table t(id integer primary key, v text)");
                connection.setAutoCommit(false);
                for (int i = 0; i < 500; i++) {
                    statement.execute("insert into t(v) values ('row " + i + "')");
                }
                connection.commit();
                connection.setAutoCommit(true);
                try (ResultSet result = statement.executeQuery("select count(*), max(v) from t")) {
                    result.next();
                    assertThat(result.getInt(1)).isEqualTo(500);
                    assertThat(result.getString(2)).isEqualTo("row 99");
                }
                try (ResultSet result = statement.executeQuery("pragma memory_size")) {
                    result.next();
                    assertThat(result.getLong(1)).isGreaterThan(4096);
                }
                assertThatThrownBy(() -> statement.execute("pragma memory_fail = now"))
                        .hasMessageContaining("memory_fail was asked to fail: now");
                assertThat(vfs.openFiles()).isEqualTo(1);
                assertThatThrownBy(vfs::close).hasMessageContaining("still has 1 open database file");
            }
            assertThat(fileSystem.databases).containsKey(directory.resolve("t.db").toString());
        }
    }

    @Test
    void twoVfsNamesCanLiveInOneJvmAndNamesAreUnique() {
        try (NativeVfs first = NativeVfs.register("memtest-a", new MemoryFileSystem(directory));
             NativeVfs second = NativeVfs.register("memtest-b", new MemoryFileSystem(directory))) {
            assertThat(first.name()).isNotEqualTo(second.name());
            assertThatThrownBy(() -> NativeVfs.register("memtest-a", new MemoryFileSystem(directory)))
                    .hasMessageContaining("already registered");
        }
    }
}
