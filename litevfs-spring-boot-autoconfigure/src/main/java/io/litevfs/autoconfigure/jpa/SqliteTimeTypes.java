package io.litevfs.autoconfigure.jpa;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.service.ServiceRegistry;

import java.util.Locale;

/**
 * Makes Hibernate keep every time type ({@code Instant}, {@code OffsetDateTime}, {@code LocalDateTime},
 * {@code LocalDate}, {@code LocalTime}, and the {@code java.util}/{@code java.sql} ones through them) as the
 * ISO-8601 text Spring Data JDBC writes too ({@link SqliteTimeTextJdbcType}), on SQLite only. Without it,
 * Hibernate's SQLite dialect binds timestamps through sqlite-jdbc, which keeps milliseconds since the
 * epoch (nanoseconds lost, an offset lost) and then fails to read text it did not write.
 *
 * <p>Found by Hibernate through {@code META-INF/services}, so that it runs after the dialect's own
 * contributions (which register SQLite's timestamp types; a contributor given in the
 * {@code hibernate.type_contributors} setting runs before them and would be overridden). It applies to any
 * application with this jar whose dialect is SQLite's, and to nothing else.
 */
public final class SqliteTimeTypes implements TypeContributor {

    @Override
    public void contribute(TypeContributions contributions, ServiceRegistry services) {
        if (!isSqlite(services)) {
            return;
        }
        for (SqliteTimeTextJdbcType.Kind kind : SqliteTimeTextJdbcType.Kind.values()) {
            contributions.getTypeConfiguration().getJdbcTypeRegistry().addDescriptor(kind.code, new SqliteTimeTextJdbcType(kind));
        }
    }

    private static boolean isSqlite(ServiceRegistry services) {
        JdbcServices jdbc = services.getService(JdbcServices.class);
        return jdbc != null && jdbc.getDialect().getClass().getName().toLowerCase(Locale.ROOT).contains("sqlite");
    }
}
