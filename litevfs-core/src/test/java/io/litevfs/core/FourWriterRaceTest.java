package io.litevfs.core;

import io.litevfs.server.LiteVfsServer;
import io.litevfs.testing.S3Server;
import io.litevfs.store.lease.Leases;
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

import static io.litevfs.core.StoreFixture.rows;
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
            race(List.of(store.url(), store.url(), store.url(), store.url()), List.of(store.server), "race4");
        }
    }

    /**
     * The same through two store replicas on one bucket: two nodes on replica A, one on B, one behind a
     * balancer that sends each of its connections to the next replica. The replicas' lease histories
     * together show no overlap; every node converges.
     */
    @Test
    void throughTwoReplicasOnABucketLeasesNeverOverlapAndEveryNodeConverges() throws Exception {
        S3Server.credentials();
        try (S3Server s3 = S3Server.start(directory.resolve("s3"));
             LiteVfsServer a = replica(s3, "a");
             LiteVfsServer b = replica(s3, "b");
             RoundRobinProxy balancer = new RoundRobinProxy(List.of(a.port(), b.port()))) {
            race(List.of(a.url(), b.url(), a.url(), balancer.url()), List.of(a, b), "race4-bucket");
            assertThat(balancer.connections()).isGreaterThan(1);
        }
    }

    private LiteVfsServer replica(S3Server s3, String name) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("replica-" + name))
                .openAccess().property("litevfs.server.s3.poll-interval", "200ms");
        s3.storeProperties("race/").forEach(builder::property);
        return builder.start();
    }

    private void race(List<String> storeUrls, List<LiteVfsServer> stores, String vfsPrefix) throws Exception {
        List<LiteVfs> nodes = new ArrayList<>();
        for (int i = 0; i < storeUrls.size(); i++) {
            nodes.add(LiteVfs.builder().storeUrl(storeUrls.get(i)).cacheDirectory(directory.resolve(vfsPrefix + "-node" + i))
                    .vfsName(vfsPrefix + "-" + i).syncPeriod(Duration.ofMillis(100)).register());
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

            List<Leases.Grant> grants = mergedHistory(stores).stream()
                    .filter(grant -> grant.database().equals("race4.db"))
                    .sorted(Comparator.comparing(Leases.Grant::grantedAt)).toList();
            for (int i = 1; i < grants.size(); i++) {
                Instant previousEnd = grants.get(i - 1).endedAt();
                assertThat(previousEnd).as("lease %d ended before lease %d began", i - 1, i).isNotNull()
                        .isBeforeOrEqualTo(grants.get(i).grantedAt());
            }
            List<String> expected = committed.stream().sorted().toList();
            for (LiteVfs node : nodes) {
                assertThat(converged(node, expected)).as("node %s, synced until it matches or 10 s passed", node.name())
                        .isEqualTo(expected);
            }
            System.out.printf("[race4] %d writers for %d s: %d commits, %d lease grants, none overlapping%n",
                    nodes.size(), RACE.toSeconds(), expected.size(), grants.size());
            assertThat(expected).hasSizeGreaterThan(40);
        } finally {
            nodes.forEach(LiteVfs::close);
        }
    }

    /**
     * The node's rows once they match {@code expected}, syncing again meanwhile (or the last rows seen
     * after 10 s): a replica learns of the other's last commits within its poll interval, and a node asks
     * the replica it talks to.
     */
    private static List<String> converged(LiteVfs node, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection connection = DriverManager.getConnection(node.jdbcUrl("race4.db"))) {
            while (true) {
                connection.createStatement().execute("pragma litevfs_sync");
                List<String> rows = rows(connection, "select node || ':' || n from w order by 1");
                if (rows.equals(expected) || System.nanoTime() > deadline) {
                    return rows;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Every replica's lease history, one entry per lease: the end is the one that replica saw. */
    private static List<Leases.Grant> mergedHistory(List<LiteVfsServer> stores) {
        java.util.Map<String, Leases.Grant> byId = new java.util.HashMap<>();
        for (LiteVfsServer store : stores) {
            for (Leases.Grant grant : store.leases().history()) {
                byId.merge(grant.id(), grant, (known, other) -> known.endedAt() != null ? known : other);
            }
        }
        return new ArrayList<>(byId.values());
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
