package io.litevfs.samples.clinic;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

public interface OwnerRepository extends JpaRepository<Owner, Long> {

    /** Owners whose last name starts with {@code prefix}, by last name. */
    Page<Owner> findByLastNameStartingWithOrderByLastNameAscFirstNameAsc(String prefix, Pageable page);

    /** An owner with their pets, in one query. */
    @EntityGraph(attributePaths = "pets")
    Optional<Owner> findWithPetsById(Long id);
}
