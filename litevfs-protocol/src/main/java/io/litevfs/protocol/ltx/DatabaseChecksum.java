package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;

/**
 * The rolling checksum of a whole database: {@code FLAG | XOR(page checksums of pages 1..commit)},
 * leaving out the lock page. XOR makes it incremental: applying a change XORs out the old checksum of
 * every page it overwrites or truncates and XORs in the new one. An empty database has exactly
 * {@link Checksum#EMPTY_DATABASE}.
 */
public final class DatabaseChecksum {

    private long xor;

    public DatabaseChecksum() {
    }

    /** Starts from a known database checksum, to update it incrementally. */
    public DatabaseChecksum(Checksum start) {
        this.xor = start.value() & ~Checksum.FLAG;
    }

    /** Adds a page that was not in the database before. */
    public DatabaseChecksum add(long pageChecksum) {
        xor ^= pageChecksum;
        return this;
    }

    /** Removes a page, given the checksum it had. */
    public DatabaseChecksum remove(long pageChecksum) {
        xor ^= pageChecksum;
        return this;
    }

    /** Replaces a page's old checksum with its new one. */
    public DatabaseChecksum replace(long oldPageChecksum, long newPageChecksum) {
        xor ^= oldPageChecksum ^ newPageChecksum;
        return this;
    }

    public Checksum value() {
        return Checksum.of(Checksum.FLAG | xor);
    }
}
