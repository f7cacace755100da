package io.litevfs.samples.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A kind of pet (cat, dog...), as the clinic's first migration lists them. */
@Entity
@Table(name = "pet_types")
public class PetType {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;

    protected PetType() {
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
