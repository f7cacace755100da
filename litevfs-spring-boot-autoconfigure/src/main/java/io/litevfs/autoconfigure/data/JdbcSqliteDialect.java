package io.litevfs.autoconfigure.data;

import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.dialect.JdbcArrayColumns;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.IdGeneration;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.LockOptions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * Spring Data JDBC's dialect for SQLite (any SQLite, LiteVFS's or a plain file): {@code LIMIT}/{@code OFFSET}
 * paging, identifiers quoted the ANSI way and kept as written (SQLite compares them without regard to
 * case), no row locks (SQLite locks the whole database; with LiteVFS a writer holds the write lease), no
 * arrays, and generated keys one row at a time (sqlite-jdbc reports no keys for a batch).
 *
 * <p>Booleans are read from SQLite's 0 and 1. Time values ({@link Instant}, {@link OffsetDateTime},
 * {@link LocalDateTime}, {@link LocalDate}, {@link LocalTime}) are written as fixed-width ISO-8601 text
 * ({@link SqliteTimeText}) and read back from it, exactly; without these converters sqlite-jdbc would store
 * milliseconds since the epoch, lose nanoseconds and offsets, and fail to read its own dates back as text.
 */
public final class JdbcSqliteDialect extends AbstractDialect implements JdbcDialect {

    public static final JdbcSqliteDialect INSTANCE = new JdbcSqliteDialect();

    private static final IdentifierProcessing IDENTIFIERS = IdentifierProcessing.create(IdentifierProcessing.Quoting.ANSI,
            IdentifierProcessing.LetterCasing.AS_IS);

    private static final LimitClause LIMIT = new LimitClause() {
        @Override
        public String getLimit(long limit) {
            return "LIMIT " + limit;
        }

        @Override
        public String getOffset(long offset) {
            return "LIMIT -1 OFFSET " + offset;
        }

        @Override
        public String getLimitOffset(long limit, long offset) {
            return "LIMIT " + limit + " OFFSET " + offset;
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final LockClause NO_LOCK = new LockClause() {
        @Override
        public String getLock(LockOptions lockOptions) {
            return "";
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final IdGeneration ONE_ROW_KEYS = new IdGeneration() {
        @Override
        public boolean supportedForBatchOperations() {
            return false;
        }
    };

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public LimitClause limit() {
        return LIMIT;
    }

    @Override
    public LockClause lock() {
        return NO_LOCK;
    }

    @Override
    public IdentifierProcessing getIdentifierProcessing() {
        return IDENTIFIERS;
    }

    @Override
    public IdGeneration getIdGeneration() {
        return ONE_ROW_KEYS;
    }

    @Override
    public JdbcArrayColumns getArraySupport() {
        return JdbcArrayColumns.unsupported();
    }

    @Override
    public Collection<Object> getConverters() {
        return List.of(InstantToText.INSTANCE, TextToInstant.INSTANCE, OffsetDateTimeToText.INSTANCE,
                TextToOffsetDateTime.INSTANCE, LocalDateTimeToText.INSTANCE, TextToLocalDateTime.INSTANCE,
                LocalDateToText.INSTANCE, TextToLocalDate.INSTANCE, LocalTimeToText.INSTANCE, TextToLocalTime.INSTANCE,
                IntegerToBoolean.INSTANCE, LongToBoolean.INSTANCE);
    }

    /** SQLite keeps booleans as the integers 0 and 1, and hands them back as numbers. */
    @ReadingConverter
    enum IntegerToBoolean implements Converter<Integer, Boolean> {
        INSTANCE;

        @Override
        public Boolean convert(Integer source) {
            return source != 0;
        }
    }

    @ReadingConverter
    enum LongToBoolean implements Converter<Long, Boolean> {
        INSTANCE;

        @Override
        public Boolean convert(Long source) {
            return source != 0;
        }
    }

    @WritingConverter
    enum InstantToText implements Converter<Instant, String> {
        INSTANCE;

        @Override
        public String convert(Instant source) {
            return SqliteTimeText.format(source);
        }
    }

    @ReadingConverter
    enum TextToInstant implements Converter<String, Instant> {
        INSTANCE;

        @Override
        public Instant convert(String source) {
            return SqliteTimeText.instant(source);
        }
    }

    @WritingConverter
    enum OffsetDateTimeToText implements Converter<OffsetDateTime, String> {
        INSTANCE;

        @Override
        public String convert(OffsetDateTime source) {
            return SqliteTimeText.format(source);
        }
    }

    @ReadingConverter
    enum TextToOffsetDateTime implements Converter<String, OffsetDateTime> {
        INSTANCE;

        @Override
        public OffsetDateTime convert(String source) {
            return SqliteTimeText.offsetDateTime(source);
        }
    }

    @WritingConverter
    enum LocalDateTimeToText implements Converter<LocalDateTime, String> {
        INSTANCE;

        @Override
        public String convert(LocalDateTime source) {
            return SqliteTimeText.format(source);
        }
    }

    @ReadingConverter
    enum TextToLocalDateTime implements Converter<String, LocalDateTime> {
        INSTANCE;

        @Override
        public LocalDateTime convert(String source) {
            return SqliteTimeText.localDateTime(source);
        }
    }

    @WritingConverter
    enum LocalDateToText implements Converter<LocalDate, String> {
        INSTANCE;

        @Override
        public String convert(LocalDate source) {
            return SqliteTimeText.format(source);
        }
    }

    @ReadingConverter
    enum TextToLocalDate implements Converter<String, LocalDate> {
        INSTANCE;

        @Override
        public LocalDate convert(String source) {
            return SqliteTimeText.localDate(source);
        }
    }

    @WritingConverter
    enum LocalTimeToText implements Converter<LocalTime, String> {
        INSTANCE;

        @Override
        public String convert(LocalTime source) {
            return SqliteTimeText.format(source);
        }
    }

    @ReadingConverter
    enum TextToLocalTime implements Converter<String, LocalTime> {
        INSTANCE;

        @Override
        public LocalTime convert(String source) {
            return SqliteTimeText.localTime(source);
        }
    }
}
