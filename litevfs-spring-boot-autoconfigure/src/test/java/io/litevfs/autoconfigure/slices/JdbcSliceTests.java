package io.litevfs.autoconfigure.slices;

import io.litevfs.core.LiteVfs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} runs on LiteVFS with the starter alone: no {@code @AutoConfigureTestDatabase}, no H2
 * (without LiteVFS in the slice, Boot would find no database to build or to replace it with). The test's
 * transaction writes under the lease and is rolled back.
 */
@JdbcTest(properties = {"litevfs.datasource.database=jdbc-slice.db", "litevfs.embedded-store.temporary=true",
        "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:slices/schema.sql"})
class JdbcSliceTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LiteVfs liteVfs;

    @Test
    void theSliceRunsOnLiteVfs() {
        assertThat(jdbc.sql("pragma litevfs_position").query(String.class).single()).matches("[0-9a-f]{16}/[0-9a-f]{16}");
        assertThat(jdbc.sql("select count(*) from visits").query(Integer.class).single()).isZero();
        assertThat(liteVfs.database("jdbc-slice.db")).isPresent();
    }

    @Test
    void theTestsTransactionWritesUnderTheLease() {
        jdbc.sql("insert into visits(date, description) values ('2002-08-06', 'rabies shot')").update();
        assertThat(liteVfs.holdsLease("jdbc-slice.db")).isTrue();
        assertThat(jdbc.sql("select description from visits").query(String.class).single()).isEqualTo("rabies shot");
    }
}
