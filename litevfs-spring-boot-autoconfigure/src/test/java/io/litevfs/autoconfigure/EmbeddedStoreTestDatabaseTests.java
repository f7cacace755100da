package io.litevfs.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's test slices keep the DataSource when the embedded store serves it, and keep Boot's default (replace
 * it with an in-memory database) when a store is named; a test's own choice wins either way.
 */
class EmbeddedStoreTestDatabaseTests {

    private static String replaceWith(String... properties) {
        StandardEnvironment environment = new StandardEnvironment();
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, properties);
        new EmbeddedStoreTestDatabase().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(EmbeddedStoreTestDatabase.REPLACE);
    }

    @Test
    void theEmbeddedStoresDatabaseIsATestDatabase() {
        assertThat(replaceWith("litevfs.datasource.database=app.db")).isEqualTo("none");
    }

    @Test
    void aNamedStoreIsNotAssumedToBeATestStore() {
        assertThat(replaceWith("litevfs.datasource.database=app.db", "litevfs.cloud.url=https://store.example")).isNull();
    }

    @Test
    void nothingWithoutALiteVfsDatabaseOrWithTheEmbeddedStoreOff() {
        assertThat(replaceWith()).isNull();
        assertThat(replaceWith("litevfs.datasource.database=app.db", "litevfs.embedded-store.enabled=false")).isNull();
        assertThat(replaceWith("litevfs.datasource.database=app.db", "litevfs.enabled=false")).isNull();
    }

    @Test
    void aTestsOwnChoiceWins() {
        assertThat(replaceWith("litevfs.datasource.database=app.db", "spring.test.database.replace=any")).isEqualTo("any");
    }
}
