package io.litevfs.samples.clinic;

import io.litevfs.samples.clinic.ClinicViews.NewOwner;
import io.litevfs.samples.clinic.ClinicViews.NewPet;
import io.litevfs.samples.clinic.ClinicViews.NewVisit;
import io.litevfs.samples.clinic.ClinicViews.OwnerView;
import io.litevfs.samples.clinic.ClinicViews.PetView;
import io.litevfs.samples.clinic.ClinicViews.VisitView;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/** The clinic's REST API. */
@RestController
public class ClinicController {

    private final Clinic clinic;

    public ClinicController(Clinic clinic) {
        this.clinic = clinic;
    }

    @GetMapping("/owners")
    public List<OwnerView> owners(@RequestParam(defaultValue = "") String lastName, @RequestParam(defaultValue = "0") int page) {
        return clinic.findOwners(lastName, page);
    }

    @PostMapping("/owners")
    public ResponseEntity<OwnerView> registerOwner(@RequestBody NewOwner owner) {
        OwnerView saved = clinic.registerOwner(owner);
        return ResponseEntity.created(URI.create("/owners/" + saved.id())).body(saved);
    }

    @GetMapping("/owners/{ownerId}")
    public OwnerView owner(@PathVariable long ownerId) {
        return clinic.owner(ownerId);
    }

    @PostMapping("/owners/{ownerId}/pets")
    public ResponseEntity<PetView> addPet(@PathVariable long ownerId, @RequestBody NewPet pet) {
        PetView added = clinic.addPet(ownerId, pet);
        return ResponseEntity.created(URI.create("/owners/" + ownerId)).body(added);
    }

    @PostMapping("/owners/{ownerId}/pets/{petId}/visits")
    public ResponseEntity<VisitView> addVisit(@PathVariable long ownerId, @PathVariable long petId, @RequestBody NewVisit visit) {
        VisitView added = clinic.addVisit(ownerId, petId, visit);
        return ResponseEntity.created(URI.create("/owners/" + ownerId)).body(added);
    }

    @GetMapping("/visits")
    public List<VisitView> visits(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                  @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return clinic.visitsBetween(from, to);
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
