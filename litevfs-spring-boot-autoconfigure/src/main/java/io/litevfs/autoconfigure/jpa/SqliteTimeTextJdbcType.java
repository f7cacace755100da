package io.litevfs.autoconfigure.jpa;

import io.litevfs.autoconfigure.data.SqliteTimeText;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.jspecify.annotations.Nullable;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Hibernate's JDBC type for one of SQL's time types on SQLite: the value as the fixed-width ISO-8601 text of
 * {@link SqliteTimeText} (exact to the nanosecond, an {@link OffsetDateTime}'s offset kept), read back from
 * that text, or from any ISO-8601 form of it. A number found where a time was expected is what sqlite-jdbc
 * writes by default (milliseconds since the epoch; a local time in the JVM's zone, as sqlite-jdbc reads it)
 * and reads as such, so databases written before keep working.
 */
final class SqliteTimeTextJdbcType implements JdbcType {

    /** The SQL time types, each with the Java value it is written from. */
    enum Kind {
        /** An instant (Instant; OffsetDateTime and ZonedDateTime when Hibernate normalizes them to UTC). */
        TIMESTAMP_UTC(SqlTypes.TIMESTAMP_UTC),
        TIMESTAMP_WITH_TIMEZONE(SqlTypes.TIMESTAMP_WITH_TIMEZONE),
        TIMESTAMP(SqlTypes.TIMESTAMP),
        DATE(SqlTypes.DATE),
        TIME(SqlTypes.TIME);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private final Kind kind;

    SqliteTimeTextJdbcType(Kind kind) {
        this.kind = kind;
    }

    @Override
    public int getJdbcTypeCode() {
        return kind.code;
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement statement, X value, int index, WrapperOptions options) throws SQLException {
                statement.setString(index, text(javaType, value, options));
            }

            @Override
            protected void doBind(CallableStatement statement, X value, String name, WrapperOptions options) throws SQLException {
                statement.setString(name, text(javaType, value, options));
            }
        };
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected @Nullable X doExtract(ResultSet results, int index, WrapperOptions options) throws SQLException {
                return value(javaType, results.getObject(index), options);
            }

            @Override
            protected @Nullable X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return value(javaType, statement.getObject(index), options);
            }

            @Override
            protected @Nullable X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                return value(javaType, statement.getObject(name), options);
            }
        };
    }

    private <X> String text(JavaType<X> javaType, X value, WrapperOptions options) {
        Class<X> type = javaType.getJavaTypeClass();
        return switch (kind) {
            case TIMESTAMP_UTC -> type == OffsetDateTime.class || type == ZonedDateTime.class
                    ? SqliteTimeText.format(javaType.unwrap(value, OffsetDateTime.class, options))
                    : SqliteTimeText.format(javaType.unwrap(value, Instant.class, options));
            case TIMESTAMP_WITH_TIMEZONE -> SqliteTimeText.format(javaType.unwrap(value, OffsetDateTime.class, options));
            case TIMESTAMP -> SqliteTimeText.format(javaType.unwrap(value, LocalDateTime.class, options));
            case DATE -> SqliteTimeText.format(javaType.unwrap(value, LocalDate.class, options));
            case TIME -> SqliteTimeText.format(javaType.unwrap(value, LocalTime.class, options));
        };
    }

    private <X> @Nullable X value(JavaType<X> javaType, @Nullable Object stored, WrapperOptions options) {
        if (stored == null) {
            return null;
        }
        Class<X> type = javaType.getJavaTypeClass();
        return javaType.wrap(switch (kind) {
            case TIMESTAMP_UTC, TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime time = stored instanceof Number millis
                        ? Instant.ofEpochMilli(millis.longValue()).atOffset(ZoneOffset.UTC)
                        : SqliteTimeText.offsetDateTime(stored.toString());
                yield type == OffsetDateTime.class ? time : type == ZonedDateTime.class ? time.toZonedDateTime() : time.toInstant();
            }
            case TIMESTAMP -> stored instanceof Number millis ? local(millis).toLocalDateTime()
                    : SqliteTimeText.localDateTime(stored.toString());
            case DATE -> stored instanceof Number millis ? local(millis).toLocalDate() : SqliteTimeText.localDate(stored.toString());
            case TIME -> stored instanceof Number millis ? local(millis).toLocalTime() : SqliteTimeText.localTime(stored.toString());
        }, options);
    }

    private static ZonedDateTime local(Number millis) {
        return Instant.ofEpochMilli(millis.longValue()).atZone(ZoneId.systemDefault());
    }

    @Override
    public String toString() {
        return "SqliteTimeText(" + kind + ")";
    }
}
