package io.litevfs.autoconfigure.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How date and time values are kept in SQLite, which has no time types: as ISO-8601 text that SQLite's own
 * date functions read, fixed-width with all nine fraction digits, so that values come back exactly (to the
 * nanosecond) and, for one type in one column, text order is time order. Spring Data JDBC's converters
 * ({@link JdbcSqliteDialect}) and Hibernate's ({@code SqliteTimeTypes}) both write these, so a column reads the
 * same whichever wrote it.
 * <pre>
 * Instant         2002-08-06T09:30:00.000000000Z       (in UTC)
 * OffsetDateTime  2002-08-06T11:30:00.000000000+02:00  (its own offset, kept; order is time order within one offset)
 * LocalDateTime   2002-08-06T09:30:00.000000000
 * LocalDate       2002-08-06
 * LocalTime       09:30:00.000000000
 * </pre>
 * Reading accepts any ISO-8601 form of the type (fewer fraction digits, none, a space instead of the
 * {@code T}), so values written by hand or by SQLite's {@code datetime()} read too.
 */
public final class SqliteTimeText {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");

    private SqliteTimeText() {
    }

    public static String format(Instant value) {
        return INSTANT.format(value);
    }

    public static String format(OffsetDateTime value) {
        return OFFSET_DATE_TIME.format(value);
    }

    public static String format(LocalDateTime value) {
        return LOCAL_DATE_TIME.format(value);
    }

    public static String format(LocalDate value) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(value);
    }

    public static String format(LocalTime value) {
        return LOCAL_TIME.format(value);
    }

    public static Instant instant(String text) {
        return OffsetDateTime.parse(iso(text)).toInstant();
    }

    public static OffsetDateTime offsetDateTime(String text) {
        return OffsetDateTime.parse(iso(text));
    }

    public static LocalDateTime localDateTime(String text) {
        return LocalDateTime.parse(iso(text));
    }

    public static LocalDate localDate(String text) {
        return LocalDate.parse(text.strip());
    }

    public static LocalTime localTime(String text) {
        return LocalTime.parse(text.strip());
    }

    /** SQLite's own form has a space between date and time; ISO-8601's a {@code T}. */
    private static String iso(String text) {
        String stripped = text.strip();
        return stripped.length() > 10 && stripped.charAt(10) == ' '
                ? stripped.substring(0, 10) + 'T' + stripped.substring(11) : stripped;
    }
}
