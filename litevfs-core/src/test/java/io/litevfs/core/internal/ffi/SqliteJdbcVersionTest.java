package io.litevfs.core.internal.ffi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sqlite-jdbc found on the classpath, against the one this build declares and was verified with. */
class SqliteJdbcVersionTest {

    @Test
    void theBuildsOwnSqliteJdbcIsTheVerifiedOne() {
        SqliteJdbcVersion current = SqliteJdbcVersion.current();
        assertThat(current.verified()).as("filled in by Maven from sqlite-jdbc.version").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(current.found()).isEqualTo(current.verified());
        assertThat(current.isVerified()).isTrue();
        assertThat(current.describe()).contains(current.found()).doesNotContain("NOT");
    }

    @Test
    void anotherVersionIsReportedWithHowToPinTheVerifiedOne() {
        SqliteJdbcVersion downgraded = new SqliteJdbcVersion("3.53.4.0", "3.54.1.0");
        assertThat(downgraded.isVerified()).isFalse();
        assertThat(downgraded.describe()).contains("sqlite-jdbc 3.53.4.0, NOT the version LiteVFS is verified with (3.54.1.0)")
                .contains("<sqlite-jdbc.version>3.54.1.0</sqlite-jdbc.version>");
    }
}
