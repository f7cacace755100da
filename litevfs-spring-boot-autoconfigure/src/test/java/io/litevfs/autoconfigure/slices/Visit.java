package io.litevfs.autoconfigure.slices;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** A Spring Data JDBC entity for the slice tests, with a value of each time type. */
@Table("visits")
record Visit(@Id Long id, LocalDate date, String description, LocalDateTime startsAt, LocalTime duration,
             Instant bookedAt, OffsetDateTime confirmedAt) {

    static Visit of(LocalDate date, String description) {
        return new Visit(null, date, description, null, null, null, null);
    }
}
