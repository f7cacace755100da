package io.litevfs.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Brings the schema up to date at start-up, as the original demos do: SQLite's {@code user_version}
 * counts the migrations applied, and they run in one write transaction, so under the write lease; a
 * second instance starting at the same time waits for the lease and then finds nothing to do. The version
 * is read first outside any transaction: an instance with nothing to migrate starts without the lease, so
 * many starting at once never queue on it.
 */
@Component
class SchemaMigrations implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final List<String> MIGRATIONS = List.of(
            "create table records(id integer primary key autoincrement, value integer not null)");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    SchemaMigrations(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (applied() >= MIGRATIONS.size()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            int applied = applied();
            for (int migration = applied; migration < MIGRATIONS.size(); migration++) {
                jdbc.execute(MIGRATIONS.get(migration));
            }
            if (applied < MIGRATIONS.size()) {
                jdbc.execute("pragma user_version = " + MIGRATIONS.size());
                log.info("[demo] schema migrated from version {} to {}", applied, MIGRATIONS.size());
            }
        });
    }

    private int applied() {
        Integer version = jdbc.queryForObject("pragma user_version", Integer.class);
        return version == null ? 0 : version;
    }
}
