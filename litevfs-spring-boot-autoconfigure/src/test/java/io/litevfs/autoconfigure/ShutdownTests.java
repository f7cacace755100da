package io.litevfs.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with LiteVFS and its embedded store stops as quickly as the same application on a plain
 * SQLite file, and quietly: the VFS stops syncing before the HTTP resources it syncs through go away, the
 * store ends the event streams it serves, and nothing is logged at WARN or ERROR or with a stack trace,
 * in either sync mode.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownTests {

    @TempDir
    Path directory;

    @Test
    void anApplicationPushedToStopsAsQuicklyAsWithoutLiteVfsAndQuietly(CapturedOutput output) {
        assertQuickAndQuietStop("push", output);
    }

    @Test
    void aPollingApplicationStopsAsQuicklyAsWithoutLiteVfsAndQuietly(CapturedOutput output) {
        assertQuickAndQuietStop("poll", output);
    }

    private void assertQuickAndQuietStop(String syncMode, CapturedOutput output) {
        Duration plainSqlite = stop(Map.of("litevfs.enabled", "false",
                "spring.datasource.url", "jdbc:sqlite:" + directory.resolve("plain.db")), output);
        int before = output.length();
        Duration withLiteVfs = stop(Map.of("litevfs.embedded-store.data-directory", directory.resolve("store").toString(),
                "litevfs.embedded-store.enabled", "true",
                "litevfs.cache.directory", directory.resolve("cache").toString(),
                "litevfs.vfs-name", "shutdown-" + syncMode,
                "litevfs.sync.mode", syncMode,
                "litevfs.datasource.database", "shutdown.db"), output);
        String stopLog = output.toString().substring(before);
        assertThat(stopLog.substring(stopLog.indexOf(STOPPING))).doesNotContain(" ERROR ").doesNotContain(" WARN ")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(withLiteVfs.minus(plainSqlite)).as("time to stop with LiteVFS (%s) beyond the same application on a "
                + "plain SQLite file (%s)", withLiteVfs, plainSqlite).isLessThan(Duration.ofMillis(500));
    }

    private static final String STOPPING = "[shutdown-test] stopping";

    /** Starts the application with {@code properties}, writes and reads a row, and returns how long it took to stop. */
    private static Duration stop(Map<String, Object> properties, CapturedOutput output) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(properties).run();
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        app.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            jdbc.execute("create table if not exists t(x)");
            jdbc.update("insert into t values (1)");
        });
        assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isPositive();
        System.out.println(STOPPING);
        long started = System.nanoTime();
        app.close();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
