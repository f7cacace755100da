package io.litevfs.autoconfigure.transaction;

import com.zaxxer.hikari.HikariDataSource;
import io.litevfs.core.JdbcUrls;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Which LiteVFS database a DataSource (or the transaction manager of one) opens: read from the JDBC URL of
 * the Hikari pool it is or wraps. A DataSource of another kind, or a URL naming another VFS, is no
 * LiteVFS database.
 */
final class LiteVfsDataSources {

    private static final boolean JPA_PRESENT = ClassUtils.isPresent("org.springframework.orm.jpa.JpaTransactionManager",
            LiteVfsDataSources.class.getClassLoader()) && ClassUtils.isPresent("jakarta.persistence.EntityManagerFactory",
            LiteVfsDataSources.class.getClassLoader());

    private LiteVfsDataSources() {
    }

    static @Nullable String databaseOf(@Nullable DataSource dataSource, String vfsName) {
        String url = jdbcUrl(dataSource);
        return url == null ? null : JdbcUrls.databaseOf(url, vfsName).orElse(null);
    }

    /** The DataSource whose transactions {@code manager} runs, for the kinds of managers that say. */
    static @Nullable DataSource dataSourceOf(Object manager) {
        if (manager instanceof DataSourceTransactionManager jdbc) {
            return jdbc.getDataSource();
        }
        return JPA_PRESENT ? Jpa.dataSourceOf(manager) : null;
    }

    private static @Nullable String jdbcUrl(@Nullable DataSource dataSource) {
        if (dataSource == null) {
            return null;
        }
        if (dataSource instanceof HikariDataSource hikari) {
            return hikari.getJdbcUrl();
        }
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class).getJdbcUrl() : null;
        } catch (SQLException notWrapping) {
            return null;
        }
    }

    /** Kept apart so that JPA's classes are loaded only when they are on the classpath. */
    private static final class Jpa {
        static @Nullable DataSource dataSourceOf(Object manager) {
            return manager instanceof JpaTransactionManager jpa ? jpa.getDataSource() : null;
        }
    }
}
