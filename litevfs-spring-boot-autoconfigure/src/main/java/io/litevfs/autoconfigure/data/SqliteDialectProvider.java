package io.litevfs.autoconfigure.data;

import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

import java.util.Locale;
import java.util.Optional;

/**
 * Lets Spring Data JDBC find {@link JdbcSqliteDialect} for a SQLite connection on its own: registered in
 * {@code META-INF/spring.factories} under {@code DialectResolver.JdbcDialectProvider}, the way Spring Data
 * discovers dialects, so an application needs no dialect bean.
 */
public final class SqliteDialectProvider implements DialectResolver.JdbcDialectProvider {

    @Override
    public Optional<Dialect> getDialect(JdbcOperations operations) {
        Boolean sqlite = operations.execute((ConnectionCallback<Boolean>) connection -> {
            String product = connection.getMetaData().getDatabaseProductName();
            return product != null && product.toLowerCase(Locale.ROOT).contains("sqlite");
        });
        return Boolean.TRUE.equals(sqlite) ? Optional.of(JdbcSqliteDialect.INSTANCE) : Optional.empty();
    }
}
