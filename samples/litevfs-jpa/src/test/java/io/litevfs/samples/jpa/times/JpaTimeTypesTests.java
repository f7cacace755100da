package io.litevfs.samples.jpa.times;

import io.litevfs.core.LiteVfs;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @DataJpaTest} on LiteVFS (the starter and the sample's properties alone, on a temporary store):
 * each time type round-trips through Hibernate exactly, to the nanosecond and with its offset, kept as the
 * ISO-8601 text Spring Data JDBC writes too, and compares in queries as time.
 */
@DataJpaTest(properties = {"litevfs.embedded-store.temporary=true", "spring.jpa.hibernate.ddl-auto=create"})
class JpaTimeTypesTests {

    @Autowired
    AppointmentRepository appointments;

    @Autowired
    EntityManager entities;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LiteVfs liteVfs;

    @Test
    void eachTimeTypeRoundTripsExactly() {
        Appointment saved = new Appointment();
        saved.bookedAt = Instant.parse("2002-08-01T12:00:00.000000007Z");
        saved.confirmedAt = OffsetDateTime.of(2002, 8, 2, 8, 15, 30, 500_000_001, ZoneOffset.ofHoursMinutes(5, 30));
        saved.startsAt = LocalDateTime.of(2002, 8, 6, 9, 30, 0, 1);
        saved.day = LocalDate.of(2002, 8, 6);
        saved.duration = LocalTime.of(0, 45, 0, 123_456_789);
        appointments.saveAndFlush(saved);
        entities.clear();

        Appointment read = appointments.findById(saved.id).orElseThrow();
        assertThat(read.bookedAt).isEqualTo(saved.bookedAt);
        assertThat(read.confirmedAt).isEqualTo(saved.confirmedAt);
        assertThat(read.startsAt).isEqualTo(saved.startsAt);
        assertThat(read.day).isEqualTo(saved.day);
        assertThat(read.duration).isEqualTo(saved.duration);
        assertThat(jdbc.sql("select booked_at || ' ' || confirmed_at || ' ' || starts_at || ' ' || day || ' ' || duration "
                + "from appointment").query(String.class).single())
                .isEqualTo("2002-08-01T12:00:00.000000007Z 2002-08-02T08:15:30.500000001+05:30 "
                        + "2002-08-06T09:30:00.000000001 2002-08-06 00:45:00.123456789");
    }

    @Test
    void instantsCompareAsTimeInQueries() {
        for (String booked : new String[]{"2002-08-01T12:00:00.5Z", "2002-08-01T12:00:00Z", "2002-08-01T11:59:59.999999999Z"}) {
            Appointment appointment = new Appointment();
            appointment.bookedAt = Instant.parse(booked);
            appointments.save(appointment);
        }
        appointments.flush();
        assertThat(appointments.findByBookedAtBetweenOrderByBookedAt(Instant.parse("2002-08-01T12:00:00Z"),
                Instant.parse("2002-08-01T13:00:00Z"))).extracting(appointment -> appointment.bookedAt)
                .containsExactly(Instant.parse("2002-08-01T12:00:00Z"), Instant.parse("2002-08-01T12:00:00.5Z"));
    }

    @Test
    void theSliceRunsOnLiteVfs() {
        assertThat(liteVfs.database("jpa-notes.db")).isPresent();
    }
}
