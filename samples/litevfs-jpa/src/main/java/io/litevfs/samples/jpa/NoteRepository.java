package io.litevfs.samples.jpa;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface NoteRepository extends JpaRepository<Note, Long> {

    List<Note> findByTextContainingOrderByIdAsc(String fragment);

    Page<Note> findAllByOrderByIdDesc(Pageable page);
}
