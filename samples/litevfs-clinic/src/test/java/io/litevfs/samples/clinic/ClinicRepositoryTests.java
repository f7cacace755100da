package io.litevfs.samples.clinic;

import io.litevfs.core.LiteVfs;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repositories in a {@code @DataJpaTest} slice, on LiteVFS (an empty temporary store, migrated by
 * Flyway): nothing in the test names LiteVFS but the check that it is what runs.
 */
@DataJpaTest
class ClinicRepositoryTests {

    @Autowired
    OwnerRepository owners;

    @Autowired
    PetTypeRepository petTypes;

    @Autowired
    VisitRepository visits;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LiteVfs liteVfs;

    @Autowired
    EntityManager entities;

    @Test
    void theSliceRunsOnLiteVfsWithTheMigratedSchema() {
        assertThat(liteVfs.database("clinic.db")).isPresent();
        assertThat(petTypes.findAll()).extracting(PetType::getName).contains("cat", "dog", "lizard");
    }

    @Test
    void ownersAreFoundByLastNamePrefixInOrderAndPages() {
        for (String last : new String[]{"Davis", "Black", "Davies", "Davis"}) {
            owners.save(new Owner(last.equals("Black") ? "Jeff" : "Betty", last, "638 Cardinal Ave.", "Sun Prairie", "6085551749"));
        }
        assertThat(owners.findByLastNameStartingWithOrderByLastNameAscFirstNameAsc("Dav", PageRequest.of(0, 2)))
                .extracting(Owner::getLastName).containsExactly("Davies", "Davis");
        assertThat(owners.findByLastNameStartingWithOrderByLastNameAscFirstNameAsc("Dav", PageRequest.of(1, 2)))
                .extracting(Owner::getLastName).containsExactly("Davis");
    }

    @Test
    void petsAndVisitsAreSavedWithTheirOwnerAndDatesComeBackAsDates() {
        Owner owner = new Owner("George", "Franklin", "110 W. Liberty St.", "Madison", "6085551023");
        Pet leo = owner.addPet("Leo", LocalDate.of(2010, 9, 7), petTypes.findByName("cat").orElseThrow());
        leo.addVisit(LocalDate.of(2013, 1, 1), "rabies shot");
        leo.addVisit(LocalDate.of(2011, 3, 4), "neutered");
        owners.saveAndFlush(owner);
        entities.clear();

        Owner read = owners.findWithPetsById(owner.getId()).orElseThrow();
        assertThat(read.getPets()).singleElement().satisfies(pet -> {
            assertThat(pet.getBirthDate()).isEqualTo(LocalDate.of(2010, 9, 7));
            assertThat(pet.getVisits()).extracting(Visit::getDescription).containsExactly("neutered", "rabies shot");
        });
        assertThat(visits.findByDateBetweenOrderByDate(LocalDate.of(2012, 1, 1), LocalDate.of(2013, 12, 31)))
                .extracting(Visit::getDescription).containsExactly("rabies shot");
        assertThat(jdbc.sql("select birth_date from pets").query(String.class).single()).isEqualTo("2010-09-07");
    }

    @Test
    void foreignKeysAreEnforcedThroughTheConnectionProperty() {
        assertThatThrownBy(() -> jdbc.sql("insert into pets(name, birth_date, type_id, owner_id) values ('stray', '2020-01-01', 1, 999)")
                .update()).hasMessageContaining("FOREIGN KEY constraint failed");
    }
}
