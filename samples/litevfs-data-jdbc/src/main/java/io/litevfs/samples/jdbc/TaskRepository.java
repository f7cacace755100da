package io.litevfs.samples.jdbc;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

import java.time.Instant;
import java.util.List;

public interface TaskRepository extends CrudRepository<Task, Long>, PagingAndSortingRepository<Task, Long> {

    List<Task> findByDoneFalseOrderByIdAsc();

    List<Task> findByTitleStartingWith(String prefix);

    List<Task> findByCreatedAtBefore(Instant moment);

    Page<Task> findByTitleStartingWith(String prefix, Pageable page);
}
