package io.litevfs.core;

import io.litevfs.server.LiteVfsServer;
import io.litevfs.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two store replicas on one bucket, without peers and polling rarely, behind a round-robin balancer: a
 * database just created through one is read by a new node through the balancer, whose requests reach
 * both. The replica that has not seen the database yet looks in the bucket; it never answers "empty at
 * position zero", which the node would read as an empty database.
 */
class NewDatabaseBehindABalancerTest {

    @TempDir
    Path directory;

    @Test
    void aNewDatabaseIsNeverReadAsEmptyThroughReplicasThatHaveNotSeenIt() throws Exception {
        S3Server.credentials();
        try (S3Server s3 = S3Server.start(directory.resolve("s3"));
             LiteVfsServer a = replica(s3, "a");
             LiteVfsServer b = replica(s3, "b");
             RoundRobinProxy balancer = new RoundRobinProxy(List.of(a.port(), b.port()))) {
            for (int round = 0; round < 10; round++) {
                String database = "new-" + round + ".db";
                Path file = directory.resolve(database);
                SqliteFiles.sql(file, "create table t(v text)", "insert into t values ('round " + round + "')");
                StoreFixture.uploadTo((round % 2 == 0 ? a : b).url(), directory, database, file);
                try (LiteVfs node = LiteVfs.builder().storeUrl(balancer.url()).cacheDirectory(directory.resolve("node-" + round))
                        .vfsName("balanced-" + round).register();
                     Connection connection = DriverManager.getConnection(node.jdbcUrl(database))) {
                    assertThat(rows(connection, "select v from t")).as("round %d", round).containsExactly("round " + round);
                }
            }
            assertThat(balancer.connections()).isGreaterThan(10);
        }
    }

    private LiteVfsServer replica(S3Server s3, String name) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("replica-" + name))
                .openAccess().property("litevfs.server.s3.poll-interval", Duration.ofMinutes(5).toMillis() + "ms");
        s3.storeProperties("balanced/").forEach(builder::property);
        return builder.start();
    }
}
