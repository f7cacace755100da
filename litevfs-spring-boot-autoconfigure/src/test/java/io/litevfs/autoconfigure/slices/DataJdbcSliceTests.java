package io.litevfs.autoconfigure.slices;

import io.litevfs.autoconfigure.LiteVfsJdbcConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @DataJdbcTest} runs its repositories on LiteVFS with the starter alone. */
@DataJdbcTest(properties = {"litevfs.datasource.database=data-jdbc-slice.db", "litevfs.embedded-store.temporary=true",
        "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:slices/schema.sql"})
class DataJdbcSliceTests {

    @Autowired
    VisitRepository visits;

    @Autowired
    JdbcConnectionDetails connection;

    @Autowired
    JdbcClient jdbc;

    @Test
    void repositoriesRunOnLiteVfs() {
        assertThat(connection).isInstanceOf(LiteVfsJdbcConnectionDetails.class);
        Visit saved = visits.save(Visit.of(LocalDate.of(2002, 8, 6), "rabies shot"));
        assertThat(visits.findById(saved.id())).contains(saved);
    }

    /** Each time type comes back equal, to the nanosecond and with its offset, from fixed-width ISO-8601 text. */
    @Test
    void everyTimeTypeRoundTripsExactlyAsIsoText() {
        Visit saved = visits.save(new Visit(null, LocalDate.of(2002, 8, 6), "check-up",
                LocalDateTime.of(2002, 8, 6, 9, 30, 0, 1), LocalTime.of(0, 45, 0, 123_456_789),
                Instant.parse("2002-08-01T12:00:00.000000007Z"),
                OffsetDateTime.of(2002, 8, 2, 8, 15, 30, 500_000_000, ZoneOffset.ofHoursMinutes(5, 30))));
        assertThat(visits.findById(saved.id())).contains(saved);
        assertThat(jdbc.sql("select date || ' ' || starts_at || ' ' || duration || ' ' || booked_at || ' ' || confirmed_at "
                + "from visits where id = ?").param(saved.id()).query(String.class).single())
                .isEqualTo("2002-08-06 2002-08-06T09:30:00.000000001 00:45:00.123456789 2002-08-01T12:00:00.000000007Z "
                        + "2002-08-02T08:15:30.500000000+05:30");
        assertThat(jdbc.sql("select date(starts_at) from visits where id = ?").param(saved.id()).query(String.class).single())
                .as("SQLite's date functions read it").isEqualTo("2002-08-06");
    }
}
