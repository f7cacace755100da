package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The database {@code litevfs.datasource.database} names, described to Spring Boot the way its service
 * connections describe theirs: Boot's own {@code DataSourceAutoConfiguration} builds the pool from it, so
 * {@code spring.datasource.hikari.*} applies, excluding that auto-configuration leaves the application
 * without a DataSource, and an application's own {@code DataSource} bean wins. The URL names this
 * context's VFS, whatever name it was registered under.
 */
public final class LiteVfsJdbcConnectionDetails implements JdbcConnectionDetails {

    static final String DRIVER = "org.sqlite.JDBC";

    private final LiteVfs liteVfs;
    private final String database;

    public LiteVfsJdbcConnectionDetails(LiteVfs liteVfs, String database) {
        this.liteVfs = liteVfs;
        this.database = database;
    }

    /** The database's name in the store. */
    public String database() {
        return database;
    }

    @Override
    public String getJdbcUrl() {
        return liteVfs.jdbcUrl(database);
    }

    @Override
    public String getDriverClassName() {
        return DRIVER;
    }

    /** SQLite has no users: the store's token authenticates the node, not a connection. */
    @Override
    public @Nullable String getUsername() {
        return null;
    }

    @Override
    public @Nullable String getPassword() {
        return null;
    }
}
