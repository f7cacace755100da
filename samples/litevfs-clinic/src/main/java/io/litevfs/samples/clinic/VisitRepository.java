package io.litevfs.samples.clinic;

import org.springframework.data.jpa.repository.JpaRepository;

import java.time.LocalDate;
import java.util.List;

public interface VisitRepository extends JpaRepository<Visit, Long> {

    List<Visit> findByPetIdOrderByDate(Long petId);

    /** The visits of a day range, for the clinic's calendar. */
    List<Visit> findByDateBetweenOrderByDate(LocalDate from, LocalDate to);
}
