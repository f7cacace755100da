package io.litevfs.samples.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;
import java.time.OffsetDateTime;

/** One task, in the {@code tasks} table Flyway creates; times round-trip exactly, offset included. */
@Table("tasks")
public record Task(@Id Long id, String title, boolean done, Instant createdAt, OffsetDateTime dueAt) {

    public static Task of(String title, Instant createdAt, OffsetDateTime dueAt) {
        return new Task(null, title, false, createdAt, dueAt);
    }

    public Task finished() {
        return new Task(id, title, true, createdAt, dueAt);
    }
}
