package io.litevfs.samples.jdbc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Tasks kept with Spring Data JDBC in a LiteVFS database, the schema migrated by Flyway. Nothing in the
 * code knows LiteVFS: the starter (which brings Spring Data JDBC's SQLite dialect) and
 * {@code litevfs.datasource.database} are all it takes.
 */
@SpringBootApplication
public class DataJdbcTasksApplication {

    public static void main(String[] args) {
        SpringApplication.run(DataJdbcTasksApplication.class, args);
    }
}
