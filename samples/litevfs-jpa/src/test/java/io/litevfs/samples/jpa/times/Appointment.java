package io.litevfs.samples.jpa.times;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** An entity with a value of each time type, its table made by Hibernate for the test. */
@Entity
public class Appointment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    Instant bookedAt;
    OffsetDateTime confirmedAt;
    LocalDateTime startsAt;
    LocalDate day;
    LocalTime duration;
}
