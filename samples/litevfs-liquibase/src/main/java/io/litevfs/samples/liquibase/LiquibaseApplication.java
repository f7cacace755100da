package io.litevfs.samples.liquibase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A LiteVFS database whose schema Liquibase migrates at start-up, under the write lease the starter
 * takes for it; the application itself is plain JDBC.
 */
@SpringBootApplication
public class LiquibaseApplication {

    public static void main(String[] args) {
        SpringApplication.run(LiquibaseApplication.class, args);
    }
}
