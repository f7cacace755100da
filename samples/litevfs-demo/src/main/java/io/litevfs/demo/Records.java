package io.litevfs.demo;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.util.List;

/**
 * The demo's table of records. Writes run in {@code @Transactional} methods, which take the database's
 * write lease (the starter's transaction manager); reads are read-only transactions, which never do.
 */
@Service
public class Records {

    /** One row. */
    public record Record(long id, long value) {
    }

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    public Records(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a random integer; returns its row. */
    @Transactional
    public Record insertRandom() {
        long value = random.nextInt(1_000_000);
        jdbc.update("insert into records(value) values (?)", value);
        Long id = jdbc.queryForObject("select last_insert_rowid()", Long.class);
        return new Record(id == null ? 0 : id, value);
    }

    /** The last twenty records, oldest first. */
    @Transactional(readOnly = true)
    public List<Record> lastTwenty() {
        return jdbc.query("select id, value from (select id, value from records order by id desc limit 20) order by id",
                (row, index) -> new Record(row.getLong("id"), row.getLong("value")));
    }
}
