package io.litevfs.core;

import io.litevfs.server.store.LeaseRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;

import static io.litevfs.core.LargeDatabaseReadTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four writer nodes contend for one database for a bounded time: the store's own record of lease grants
 * shows no two ever overlapped, every row a writer saw committed is there exactly once, and all nodes
 * converge to the same database.
 */
class FourWriterRaceTest {

    private static final Duration RACE = Duration.ofSeconds(8);

    @TempDir
    Path directory;

    @Test
    void leasesNeverOverlapAndEveryCommittedRowIsThereOnce() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            List<LiteVfs> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(LiteVfs.builder().storeUrl(store.url()).cacheDirectory(directory.resolve("node" + i))
                        .vfsName("race4-" + i).syncPeriod(Duration.ofMillis(100)).register());
            }
            try {
                try (Connection setup = DriverManager.getConnection(nodes.getFirst().jdbcUrl("race4.db"))) {
                    nodes.getFirst().withWriteLease("race4.db", Duration.ofSeconds(10), () ->
                            setup.createStatement().execute("create table w(node integer, n integer, primary key (node, n))"));
                }
                ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
                long deadline = System.nanoTime() + RACE.toNanos();
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    int index = i;
                    writers.add(CompletableFuture.runAsync(() -> write(nodes.get(index), index, deadline, committed)));
                }
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();

                List<LeaseRegistry.Grant> grants = store.server.leases().history().stream()
                        .filter(grant -> grant.database().equals("race4.db"))
                        .sorted(Comparator.comparing(LeaseRegistry.Grant::grantedAt)).toList();
                for (int i = 1; i < grants.size(); i++) {
                    Instant previousEnd = grants.get(i - 1).endedAt();
                    assertThat(previousEnd).as("lease %d ended before lease %d began", i - 1, i).isNotNull()
                            .isBeforeOrEqualTo(grants.get(i).grantedAt());
                }
                List<String> expected = committed.stream().sorted().toList();
                for (LiteVfs node : nodes) {
                    try (Connection connection = DriverManager.getConnection(node.jdbcUrl("race4.db"))) {
                        connection.createStatement().execute("pragma litevfs_sync");
                        assertThat(rows(connection, "select node || ':' || n from w order by 1")).isEqualTo(expected);
                    }
                }
                System.out.printf("[race4] %d writers for %d s: %d commits, %d lease grants, none overlapping%n",
                        nodes.size(), RACE.toSeconds(), expected.size(), grants.size());
                assertThat(expected).hasSizeGreaterThan(40);
            } finally {
                nodes.forEach(LiteVfs::close);
            }
        }
    }

    private static void write(LiteVfs node, int index, long deadline, ConcurrentLinkedQueue<String> committed) {
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("race4.db"));
             Statement statement = connection.createStatement()) {
            for (int n = 0; System.nanoTime() < deadline; n++) {
                int row = n;
                node.withWriteLease("race4.db", Duration.ofSeconds(30), () ->
                        statement.execute("insert into w values (" + index + ", " + row + ")"));
                committed.add(index + ":" + row);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
