package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A write lease as {@code POST /lease} returns it: {@code {"id":"…","expires_at":"<RFC 3339>"}}.
 *
 * @param id        the lease id, sent back to refresh or release it and with every write
 * @param expiresAt when the lease ends unless refreshed, RFC 3339 in UTC
 */
public record LeaseResponse(String id, @JsonProperty("expires_at") String expiresAt) {

    public static LeaseResponse of(String id, Instant expiresAt) {
        return new LeaseResponse(id, DateTimeFormatter.ISO_INSTANT.format(expiresAt));
    }

    public Instant expiresAtInstant() {
        return Instant.parse(expiresAt);
    }
}
