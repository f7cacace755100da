package io.litevfs.samples.clinic;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A pet, with its visits (saved with it). */
@Entity
@Table(name = "pets")
public class Pet {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @Column(name = "birth_date")
    private LocalDate birthDate;
    @ManyToOne(optional = false)
    @JoinColumn(name = "type_id")
    private PetType type;
    @ManyToOne(optional = false)
    @JoinColumn(name = "owner_id")
    private Owner owner;
    @OneToMany(mappedBy = "pet", cascade = CascadeType.ALL)
    @OrderBy("date")
    private final List<Visit> visits = new ArrayList<>();

    protected Pet() {
    }

    Pet(Owner owner, String name, LocalDate birthDate, PetType type) {
        this.owner = owner;
        this.name = name;
        this.birthDate = birthDate;
        this.type = type;
    }

    /** Records a visit of this pet, saved with it. */
    public Visit addVisit(LocalDate date, String description) {
        Visit visit = new Visit(this, date, description);
        visits.add(visit);
        return visit;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public PetType getType() {
        return type;
    }

    public Owner getOwner() {
        return owner;
    }

    public List<Visit> getVisits() {
        return visits;
    }
}
