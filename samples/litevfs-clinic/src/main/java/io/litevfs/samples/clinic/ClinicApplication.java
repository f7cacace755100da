package io.litevfs.samples.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A veterinary clinic's owners, pets and visits over REST: Spring Data JPA, Flyway and Spring MVC on a
 * LiteVFS database. Nothing here knows LiteVFS; the starter and {@code application.properties} do.
 */
@SpringBootApplication
public class ClinicApplication {

    public static void main(String[] args) {
        SpringApplication.run(ClinicApplication.class, args);
    }
}
