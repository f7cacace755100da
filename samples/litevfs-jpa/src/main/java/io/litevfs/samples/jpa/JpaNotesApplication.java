package io.litevfs.samples.jpa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Notes kept with Spring Data JPA in a LiteVFS database, the schema migrated by Flyway. Nothing in the
 * code knows LiteVFS: the starter, {@code litevfs.datasource.database} and Hibernate's community SQLite
 * dialect are all it takes (see {@code application.properties}).
 */
@SpringBootApplication
public class JpaNotesApplication {

    public static void main(String[] args) {
        SpringApplication.run(JpaNotesApplication.class, args);
    }
}
