package io.litevfs.autoconfigure;

import io.litevfs.autoconfigure.transaction.LiteVfsTransactionAutoConfiguration;
import io.litevfs.core.LiteVfs;
import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Application contexts of one JVM (Spring's test context cache keeps several alive) with one embedded-store
 * data directory share one store: a data directory belongs to one store at a time, so a second store is
 * never started on it. The store keeps serving while any of them is open and stops with the last.
 */
class SharedEmbeddedStoreTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner context(String name) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class, LiteVfsTransactionAutoConfiguration.class))
                .withPropertyValues("litevfs.embedded-store.data-directory=" + directory.resolve("store"),
                        "litevfs.cache.directory=" + directory.resolve("cache-" + name),
                        "litevfs.vfs-name=shared-" + name + "-" + System.nanoTime());
    }

    @Test
    void contextsOnOneDataDirectoryShareOneStoreWhichStopsWithTheLast() {
        String[] url = new String[1];
        context("a").run(a -> {
            LiteVfsServer store = a.getBean(LiteVfsServer.class);
            url[0] = store.url();
            write(a.getBean(LiteVfs.class), "create table t(v text)", "insert into t values ('from a')");
            context("b").run(b -> {
                assertThat(b.getBean(LiteVfsServer.class)).as("the same store").isSameAs(store);
                assertThat(b.getBean(LiteVfsStore.class).token()).isEqualTo(a.getBean(LiteVfsStore.class).token());
                context("c").run(c -> assertThat(c.getBean(LiteVfsServer.class)).isSameAs(store));
                assertThat(answers(url[0])).as("still served after the third context closed").isTrue();
                write(b.getBean(LiteVfs.class), "insert into t values ('from b')");
                assertThat(count(a.getBean(LiteVfs.class))).isEqualTo(2);
            });
            assertThat(answers(url[0])).as("still served after the second context closed").isTrue();
            assertThat(count(a.getBean(LiteVfs.class))).isEqualTo(2);
        });
        assertThat(answers(url[0])).as("stopped with the last context").isFalse();
        try (LiteVfsServer again = LiteVfsServer.builder().dataDirectory(directory.resolve("store")).openAccess().start()) {
            assertThat(again.store().databases()).as("its directory free again, its data kept").isNotEmpty();
        }
    }

    @Test
    void aStoreOfItsOwnOnADirectoryInUseIsStillRefused() {
        context("owner").run(owner -> assertThatThrownBy(() -> LiteVfsServer.builder()
                .dataDirectory(directory.resolve("store")).openAccess().start())
                .rootCause().hasMessageContaining("another page store in this process"));
    }

    private static void write(LiteVfs vfs, String... statements) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(vfs.jdbcUrl("shared.db"))) {
            vfs.withWriteLease("shared.db", Duration.ofSeconds(10), () -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements) {
                        statement.execute(sql);
                    }
                }
                return null;
            });
        }
    }

    private static int count(LiteVfs vfs) throws Exception {
        vfs.syncNow("shared.db");
        try (Connection connection = java.sql.DriverManager.getConnection(vfs.jdbcUrl("shared.db"));
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from t")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static boolean answers(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/info")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() > 0;
        } catch (Exception refused) {
            return false;
        }
    }
}
