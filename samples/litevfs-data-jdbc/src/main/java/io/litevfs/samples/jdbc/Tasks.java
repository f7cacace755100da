package io.litevfs.samples.jdbc;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;

/** What the application does with tasks, in plain Spring transactions. */
@Service
public class Tasks {

    private final TaskRepository repository;

    public Tasks(TaskRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public Task add(String title, OffsetDateTime dueAt) {
        return repository.save(Task.of(title, Instant.now(), dueAt));
    }

    @Transactional
    public Task finish(long id) {
        Task task = repository.findById(id).orElseThrow(() -> new IllegalArgumentException("no task " + id));
        return repository.save(task.finished());
    }

    @Transactional
    public void addThenFail(String title) {
        repository.save(Task.of(title, Instant.now(), OffsetDateTime.now()));
        throw new IllegalStateException("the transaction of \"" + title + "\" rolls back");
    }
}
