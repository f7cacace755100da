package io.litevfs.samples.clinic;

import io.litevfs.samples.clinic.ClinicViews.NewOwner;
import io.litevfs.samples.clinic.ClinicViews.NewPet;
import io.litevfs.samples.clinic.ClinicViews.NewVisit;
import io.litevfs.samples.clinic.ClinicViews.OwnerView;
import io.litevfs.samples.clinic.ClinicViews.PetView;
import io.litevfs.samples.clinic.ClinicViews.VisitView;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The clinic's use cases, each one transaction: writes take the database's write lease (the starter
 * does that for every {@code @Transactional} that is not read-only), reads take none. Input is checked
 * here; a bad value is an {@link IllegalArgumentException} saying which.
 */
@Service
public class Clinic {

    static final int PAGE_SIZE = 20;

    private final OwnerRepository owners;
    private final PetTypeRepository petTypes;
    private final VisitRepository visits;
    private final Clock clock;

    public Clinic(OwnerRepository owners, PetTypeRepository petTypes, VisitRepository visits) {
        this.owners = owners;
        this.petTypes = petTypes;
        this.visits = visits;
        this.clock = Clock.systemDefaultZone();
    }

    @Transactional
    public OwnerView registerOwner(NewOwner owner) {
        Owner saved = owners.save(new Owner(required(owner.firstName(), "firstName"), required(owner.lastName(), "lastName"),
                required(owner.address(), "address"), required(owner.city(), "city"), telephone(owner.telephone())));
        return OwnerView.of(saved);
    }

    @Transactional(readOnly = true)
    public List<OwnerView> findOwners(String lastNamePrefix, int page) {
        return owners.findByLastNameStartingWithOrderByLastNameAscFirstNameAsc(lastNamePrefix == null ? "" : lastNamePrefix.strip(),
                PageRequest.of(Math.max(page, 0), PAGE_SIZE)).map(OwnerView::of).getContent();
    }

    @Transactional(readOnly = true)
    public OwnerView owner(long ownerId) {
        return OwnerView.of(ownerWithPets(ownerId));
    }

    @Transactional
    public PetView addPet(long ownerId, NewPet pet) {
        Owner owner = ownerWithPets(ownerId);
        String name = required(pet.name(), "name");
        if (owner.getPets().stream().anyMatch(existing -> existing.getName().equalsIgnoreCase(name))) {
            throw new IllegalArgumentException("owner " + ownerId + " already has a pet named " + name);
        }
        if (pet.birthDate() == null || pet.birthDate().isAfter(LocalDate.now(clock))) {
            throw new IllegalArgumentException("birthDate must be given and not in the future");
        }
        PetType type = petTypes.findByName(required(pet.type(), "type").toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("unknown pet type " + pet.type() + "; known: "
                        + petTypes.findAll().stream().map(PetType::getName).toList()));
        Pet added = owner.addPet(name, pet.birthDate(), type);
        owners.flush();
        return PetView.of(added);
    }

    @Transactional
    public VisitView addVisit(long ownerId, long petId, NewVisit visit) {
        Pet pet = ownerWithPets(ownerId).getPets().stream().filter(candidate -> candidate.getId() == petId).findFirst()
                .orElseThrow(() -> new NotFoundException("owner " + ownerId + " has no pet " + petId));
        LocalDate date = visit.date() != null ? visit.date() : LocalDate.now(clock);
        if (date.isBefore(pet.getBirthDate())) {
            throw new IllegalArgumentException("a visit on " + date + " is before " + pet.getName() + " was born");
        }
        return VisitView.of(visits.save(pet.addVisit(date, required(visit.description(), "description"))));
    }

    @Transactional(readOnly = true)
    public List<VisitView> visitsBetween(LocalDate from, LocalDate to) {
        return visits.findByDateBetweenOrderByDate(from, to).stream().map(VisitView::of).toList();
    }

    private Owner ownerWithPets(long ownerId) {
        return owners.findWithPetsById(ownerId).orElseThrow(() -> new NotFoundException("no owner " + ownerId));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value.strip();
    }

    private static String telephone(String value) {
        String digits = required(value, "telephone");
        if (!digits.matches("\\+?[0-9 ]{4,20}")) {
            throw new IllegalArgumentException("telephone must be 4 to 20 digits (spaces and a leading + allowed)");
        }
        return digits;
    }
}
