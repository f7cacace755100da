package io.litevfs.samples.jpa;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** What the application does with notes, in plain Spring transactions. */
@Service
public class Notes {

    private final NoteRepository repository;

    public Notes(NoteRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public Note add(String text) {
        return repository.save(new Note(text, Instant.now()));
    }

    @Transactional
    public List<Note> addAll(List<String> texts) {
        return repository.saveAll(texts.stream().map(text -> new Note(text, Instant.now())).toList());
    }

    @Transactional
    public void addThenFail(String text) {
        repository.save(new Note(text, Instant.now()));
        repository.flush();
        throw new IllegalStateException("the transaction of \"" + text + "\" rolls back");
    }

    @Transactional(readOnly = true)
    public List<Note> containing(String fragment) {
        return repository.findByTextContainingOrderByIdAsc(fragment);
    }
}
