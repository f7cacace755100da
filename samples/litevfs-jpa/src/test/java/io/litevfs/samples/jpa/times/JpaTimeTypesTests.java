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
 * each time type round-trips through Hibernate exactly, to the nanosecond and with its offset (a test
 * per type), kept as the ISO-8601 text Spring Data JDBC writes too, and compares in queries as time.
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
    void anInstantRoundTripsToTheNanosecond() {
        Appointment read = roundTrip(appointment -> appointment.bookedAt = Instant.parse("2002-08-01T12:00:00.000000007Z"));
        assertThat(read.bookedAt).isEqualTo(Instant.parse("2002-08-01T12:00:00.000000007Z"));
        assertThat(stored("booked_at")).isEqualTo("2002-08-01T12:00:00.000000007Z");
    }

    @Test
    void anOffsetDateTimeRoundTripsWithItsOffset() {
        OffsetDateTime confirmed = OffsetDateTime.of(2002, 8, 2, 8, 15, 30, 500_000_001, ZoneOffset.ofHoursMinutes(5, 30));
        Appointment read = roundTrip(appointment -> appointment.confirmedAt = confirmed);
        assertThat(read.confirmedAt).isEqualTo(confirmed);
        assertThat(stored("confirmed_at")).isEqualTo("2002-08-02T08:15:30.500000001+05:30");
    }

    @Test
    void aLocalDateTimeRoundTripsToTheNanosecond() {
        Appointment read = roundTrip(appointment -> appointment.startsAt = LocalDateTime.of(2002, 8, 6, 9, 30, 0, 1));
        assertThat(read.startsAt).isEqualTo(LocalDateTime.of(2002, 8, 6, 9, 30, 0, 1));
        assertThat(stored("starts_at")).isEqualTo("2002-08-06T09:30:00.000000001");
    }

    @Test
    void aLocalDateRoundTrips() {
        Appointment read = roundTrip(appointment -> appointment.day = LocalDate.of(2002, 8, 6));
        assertThat(read.day).isEqualTo(LocalDate.of(2002, 8, 6));
        assertThat(stored("day")).isEqualTo("2002-08-06");
    }

    @Test
    void aLocalTimeRoundTripsToTheNanosecond() {
        Appointment read = roundTrip(appointment -> appointment.duration = LocalTime.of(0, 45, 0, 123_456_789));
        assertThat(read.duration).isEqualTo(LocalTime.of(0, 45, 0, 123_456_789));
        assertThat(stored("duration")).isEqualTo("00:45:00.123456789");
    }

    /** Saves an appointment set by {@code values}, forgets it, and reads it back from the database. */
    private Appointment roundTrip(java.util.function.Consumer<Appointment> values) {
        Appointment saved = new Appointment();
        values.accept(saved);
        appointments.saveAndFlush(saved);
        entities.clear();
        return appointments.findById(saved.id).orElseThrow();
    }

    /** The text SQLite holds in {@code column} of the one appointment. */
    private String stored(String column) {
        return jdbc.sql("select " + column + " from appointment").query(String.class).single();
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
