package io.litevfs.core;

import io.litevfs.protocol.ltx.LtxDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer JVM is killed with SIGKILL in the middle of its commits, again and again, and restarted on
 * the same cache directory. The store is always at a transaction boundary: its rows are exactly
 * 0..k with every acknowledged row present and at most the one in flight beyond; its snapshot verifies;
 * and the restarted writer carries on from there.
 */
class ClientCrashTest {

    private static final int KILLS = 5;

    @TempDir
    Path directory;

    @Test
    void aClientKilledMidCommitLeavesTheStoreAtATransactionBoundary() throws Exception {
        Random random = new Random(ThreadLocalRandom.current().nextLong());
        long totalAcknowledged = 0;
        try (StoreFixture store = new StoreFixture(directory)) {
            for (int kill = 1; kill <= KILLS; kill++) {
                AtomicLong lastAck = new AtomicLong(-1);
                Process writer = startWriter(store, lastAck);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (lastAck.get() < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(lastAck.get()).as("the writer acknowledged a commit before kill %d", kill).isGreaterThanOrEqualTo(0);
                Thread.sleep(300 + random.nextInt(1200));
                writer.destroyForcibly().waitFor();
                long acknowledged = lastAck.get();

                List<String> numbers = storeRows(store, "select count(*), min(n), max(n) from w");
                String[] figures = numbers.getFirst().split("\\|");
                long count = Long.parseLong(figures[0]);
                long max = Long.parseLong(figures[2]);
                assertThat(figures[1]).isEqualTo("0");
                assertThat(count).as("rows 0..max with no gap after kill %d", kill).isEqualTo(max + 1);
                assertThat(max).as("every acknowledged row is in the store after kill %d", kill).isGreaterThanOrEqualTo(acknowledged);
                assertThat(max).as("nothing beyond the one commit in flight after kill %d", kill).isLessThanOrEqualTo(acknowledged + 1);
                assertThat(storeRows(store, "pragma integrity_check")).containsExactly("ok");
                try (InputStream ltx = download(store, "ltx")) {
                    LtxDecoder.verify(ltx);
                }
                totalAcknowledged = max + 1;
            }
        }
        System.out.printf("[client crash] %d SIGKILLs of a writer mid-commit survived, %d transactions in the store%n",
                KILLS, totalAcknowledged);
    }

    private Process startWriter(StoreFixture store, AtomicLong lastAck) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                store.url(), directory.resolve("writer-cache").toString(), "crash-writer")
                .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("writer.log").toFile()))
                .start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                    }
                }
            } catch (java.io.IOException killed) {
                // The writer was killed.
            }
        });
        return process;
    }

    private List<String> storeRows(StoreFixture store, String query) throws Exception {
        Path copy = Files.createTempFile(directory, "store", ".db");
        try (InputStream in = download(store, "sqlite")) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            return rows(plain, query);
        }
    }

    private static InputStream download(StoreFixture store, String format) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.url() + "/db/snapshot?db=crash.db&format=" + format)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
    }
}
