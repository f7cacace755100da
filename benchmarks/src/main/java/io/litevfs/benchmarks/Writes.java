package io.litevfs.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.litevfs.autoconfigure.transaction.LiteVfsTransactionManager;
import io.litevfs.autoconfigure.transaction.TransactionalLeases;
import io.litevfs.core.LiteVfs;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Single-row insert transactions through Spring's {@code @Transactional} machinery (a
 * TransactionTemplate on the starter's transaction manager), one connection, one writer.
 */
final class Writes implements Suite {

    private static final String CREATE = "create table log(id integer primary key, at integer not null, v text not null)";
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int BLOCKS = 4;

    @Override
    public String id() {
        return "writes";
    }

    @Override
    public String title() {
        return "Writes";
    }

    @Override
    public String method(Scale scale) {
        return """
                One writer inserts one row per transaction (`insert into log(at, v) values (?, ?)`, a 40-byte \
                text) through a Spring `TransactionTemplate` and `JdbcTemplate` on a one-connection Hikari \
                pool: %,d timed transactions per mode after 50 untimed ones, in %d alternating blocks.
                - **lease per transaction**: `LiteVfsTransactionManager` with no linger, so every transaction \
                acquires the lease (`POST /lease`, then a catch-up sync) and releases it (`DELETE /lease`), as the \
                original demos do;
                - **lease held**: the same manager with a %d s linger, so the lease stays with the node between \
                transactions;
                - **baseline**: the same transactions on a plain local SQLite file (unix VFS, same journal mode \
                and `synchronous`), with Spring's `JdbcTransactionManager`.
                Latency is the whole `TransactionTemplate.execute` call.""".formatted(scale.commits, BLOCKS, LINGER.toSeconds());
    }

    @Override
    public List<Figure> run(Workbench bench) throws Exception {
        Path plainFile = bench.scratch("writes").resolve("plain.db");
        try (HikariDataSource plainSource = pool("jdbc:sqlite:" + plainFile);
             Writer perTransaction = new Writer(bench, "per-tx.db", Duration.ZERO);
             Writer held = new Writer(bench, "held.db", LINGER)) {
            new JdbcTemplate(plainSource).execute(CREATE);
            Mode plain = new Mode(plainSource, new JdbcTransactionManager(plainSource));
            List<Mode> modes = List.of(plain, perTransaction.mode, held.mode);
            for (Mode mode : modes) {
                mode.commit(50, false);
            }
            int perBlock = bench.scale().commits / BLOCKS;
            for (int block = 0; block < BLOCKS; block++) {
                for (Mode mode : modes) {
                    mode.commit(perBlock, true);
                }
            }
            List<Figure> figures = new ArrayList<>();
            figures.addAll(plain.figures("plain", "baseline: plain SQLite file", rate -> rate));
            figures.addAll(perTransaction.mode.figures("per-tx", "lease per transaction", rate -> rate));
            figures.addAll(held.mode.figures("held", "lease held (linger)",
                    rate -> rate.target(">= 500 /s", rate.value() >= 500)));
            figures.add(Figure.of("held-vs-plain", "lease held: commits/s as a fraction of the baseline's",
                    held.mode.rate() / plain.rate(), "", 2));
            return figures;
        }
    }

    /**
     * A node writing its own database through the starter's transaction manager. Each mode has its
     * own node and database: two lease managers sharing one node's lease would release it under each
     * other, and two nodes sharing a database would wait for each other's linger.
     */
    private static final class Writer implements AutoCloseable {

        private final HikariDataSource source;
        private final TransactionalLeases leases;
        private final Mode mode;

        Writer(Workbench bench, String database, Duration linger) throws Exception {
            LiteVfs node = bench.node("writer", builder -> builder);
            node.withWriteLease(database, Duration.ofSeconds(10), () -> {
                try (var connection = DriverManager.getConnection(node.jdbcUrl(database));
                     var statement = connection.createStatement()) {
                    statement.execute(CREATE);
                }
                return true;
            });
            source = pool(node.jdbcUrl(database));
            leases = new TransactionalLeases(node, linger, Duration.ofSeconds(10));
            mode = new Mode(source, new LiteVfsTransactionManager(source, database, leases));
        }

        @Override
        public void close() {
            leases.close();
            source.close();
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    /** One way of committing, with the latencies of its timed transactions. */
    private static final class Mode {

        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;
        private final List<Long> latencies = new ArrayList<>();
        private long timedNanos;
        private long sequence;

        Mode(javax.sql.DataSource source, PlatformTransactionManager manager) {
            this.jdbc = new JdbcTemplate(source);
            this.transactions = new TransactionTemplate(manager);
        }

        void commit(int count, boolean timed) {
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long value = ++sequence;
                long begin = System.nanoTime();
                transactions.executeWithoutResult(status -> jdbc.update("insert into log(at, v) values (?, ?)",
                        System.currentTimeMillis(), "row %034d".formatted(value)));
                if (timed) {
                    latencies.add(System.nanoTime() - begin);
                }
            }
            if (timed) {
                timedNanos += System.nanoTime() - started;
            }
        }

        double rate() {
            return latencies.size() / (timedNanos / 1e9);
        }

        List<Figure> figures(String key, String label, UnaryOperator<Figure> onRate) {
            Samples samples = Samples.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
            return List.of(
                    onRate.apply(Figure.of(key + "-rate", label + ": commits/s", rate(), "/s", 0)),
                    Figure.of(key + "-p50", label + ": commit latency p50", samples.median(), "ms", 2),
                    Figure.of(key + "-p99", label + ": commit latency p99", samples.percentile(99), "ms", 2));
        }
    }
}
