package io.litevfs.store.lease;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the lease of each database is recorded, with conditional writes: a record is created only if
 * none exists and replaced only if it is still the version read. {@link Leases} applies the
 * lease rules on top; the book only makes sure two writers can never both succeed on one version.
 */
public interface LeaseBook {

    /**
     * One database's lease record. {@code expiresAt} is the end of the lease; a released lease ends when
     * it is released. {@code writeBehind}: a replica acknowledged writes under this lease before they
     * reached the bucket and writes each within that long; the next lease waits that much longer (ZERO
     * when none was; see {@link Leases}). {@code writtenBehindBy}: which replica did, or
     * {@value #SEVERAL} when more than one.
     */
    record Entry(String id, Instant grantedAt, Instant expiresAt, boolean released, Duration writeBehind,
                 String writtenBehindBy) {

        public static final String SEVERAL = "*";

        Entry withExpiry(Instant expiry, boolean release) {
            return new Entry(id, grantedAt, expiry, release, writeBehind, writtenBehindBy);
        }

        Entry withWriteBehind(Duration limit, String replica) {
            String by = writtenBehindBy.isEmpty() || writtenBehindBy.equals(replica) ? replica : SEVERAL;
            return new Entry(id, grantedAt, expiresAt, released, limit.compareTo(writeBehind) > 0 ? limit : writeBehind, by);
        }

        Entry withoutWriteBehind() {
            return new Entry(id, grantedAt, expiresAt, released, Duration.ZERO, "");
        }
    }

    /** A record as read, with the version a replace must name. */
    record Versioned(Entry entry, String version) {
    }

    @Nullable Versioned read(String cluster, String database);

    /** True when reading a record costs no request (the records are in this process's memory). */
    boolean local();

    /** Records {@code entry} unless the database has a record; false when it has. */
    boolean create(String cluster, String database, Entry entry);

    /** Replaces the record if it is still {@code version}; false otherwise. */
    boolean replace(String cluster, String database, Entry entry, String version);
}
