package io.litevfs.server.web;

import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.Names;
import io.litevfs.store.history.StoreException;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parsing of the API's query parameters, each failure a 400 with the code the spec gives it.
 */
final class QueryParameters {

    /** Most page numbers one {@code /db/page} request may name (the page wanted and its prefetch hints). */
    static final int MAX_PAGES_PER_REQUEST = Pages.MAX_PAGES_PER_REQUEST;
    private static final long MAX_PGNO = 0xFFFFFFFEL;

    private QueryParameters() {
    }

    static String database(@Nullable String db) {
        return Names.requireDatabase(db == null ? "" : db);
    }

    static Pos pos(String text) {
        try {
            return Pos.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCode.EBADPOS, "invalid pos: " + e.getMessage());
        }
    }

    /** The page numbers asked for, in order, each once (a page named again adds nothing to the answer). */
    static long[] pageNumbers(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new StoreException(ErrorCode.EINVALIDPGNO, "page numbers required (pgno=1,2,3)");
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_PAGES_PER_REQUEST) {
            throw new StoreException(ErrorCode.EINVALIDPGNO, "at most " + MAX_PAGES_PER_REQUEST
                    + " page numbers per request, got " + parts.length);
        }
        java.util.LinkedHashSet<Long> distinct = new java.util.LinkedHashSet<>();
        for (String part : parts) {
            distinct.add(pageNumber(part.trim()));
        }
        return distinct.stream().mapToLong(Long::longValue).toArray();
    }

    private static long pageNumber(String text) {
        long pgno;
        try {
            pgno = text.length() > 12 ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            pgno = -1;
        }
        if (pgno < 1 || pgno > MAX_PGNO) {
            throw new StoreException(ErrorCode.EINVALIDPGNO, "invalid page number \"" + text
                    + "\": page numbers are decimal, from 1 to " + MAX_PGNO);
        }
        return pgno;
    }

    static Duration leaseDuration(@Nullable String milliseconds, Duration max) {
        if (milliseconds == null) {
            throw new StoreException(ErrorCode.EBADINPUT, "lease duration required (duration=<milliseconds>)");
        }
        long ms;
        try {
            ms = Long.parseLong(milliseconds);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 1 || ms > max.toMillis()) {
            throw new StoreException(ErrorCode.EBADINPUT, "invalid lease duration \"" + milliseconds
                    + "\": milliseconds from 1 to " + max.toMillis());
        }
        return Duration.ofMillis(ms);
    }

    static TxId txId(String text) {
        try {
            return TxId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException(ErrorCode.EBADTXID, "invalid txid: " + e.getMessage());
        }
    }

    /** An RFC 3339 time ({@code 2026-12-05T10:00:00Z}, with or without fractions, any offset). */
    static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new StoreException(ErrorCode.EBADINPUT, "invalid timestamp \"" + text
                    + "\": use RFC 3339, for example 2026-12-05T10:00:00Z");
        }
    }

    static String required(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new StoreException(ErrorCode.EBADINPUT, name + "= is required");
        }
        return value;
    }
}
