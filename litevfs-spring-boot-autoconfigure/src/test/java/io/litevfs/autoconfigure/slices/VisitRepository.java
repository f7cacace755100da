package io.litevfs.autoconfigure.slices;

import org.springframework.data.repository.CrudRepository;

interface VisitRepository extends CrudRepository<Visit, Long> {
}
