package io.litevfs.samples.clinic;

import java.time.LocalDate;
import java.util.List;

/**
 * What the clinic's API reads and writes: plain records, built inside the service's transactions so that
 * nothing is loaded lazily after them ({@code spring.jpa.open-in-view=false}).
 */
public final class ClinicViews {

    private ClinicViews() {
    }

    public record NewOwner(String firstName, String lastName, String address, String city, String telephone) {
    }

    public record NewPet(String name, LocalDate birthDate, String type) {
    }

    public record NewVisit(LocalDate date, String description) {
    }

    public record OwnerView(long id, String firstName, String lastName, String address, String city, String telephone,
                            List<PetView> pets) {

        static OwnerView of(Owner owner) {
            return new OwnerView(owner.getId(), owner.getFirstName(), owner.getLastName(), owner.getAddress(),
                    owner.getCity(), owner.getTelephone(), owner.getPets().stream().map(PetView::of).toList());
        }
    }

    public record PetView(long id, String name, LocalDate birthDate, String type, List<VisitView> visits) {

        static PetView of(Pet pet) {
            return new PetView(pet.getId(), pet.getName(), pet.getBirthDate(), pet.getType().getName(),
                    pet.getVisits().stream().map(VisitView::of).toList());
        }
    }

    public record VisitView(long id, long petId, LocalDate date, String description) {

        static VisitView of(Visit visit) {
            return new VisitView(visit.getId(), visit.getPet().getId(), visit.getDate(), visit.getDescription());
        }
    }
}
