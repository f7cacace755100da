package io.litevfs.server.store;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.protocol.ltx.LtxTrailer;
import io.litevfs.protocol.ltx.PageChecksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rebuilds a database from its directory at start-up, trusting nothing: leftovers of interrupted
 * uploads are deleted, files that an interrupted compaction already folded into the newest snapshot are
 * deleted, and every remaining file is decoded and verified in full (file checksum, page rules,
 * contiguity with the file before, database checksum). A file that fails is moved with all later ones
 * to {@code quarantine/} and reported, so the database serves its last verified position rather than
 * anything damaged.
 */
final class DatabaseLoader {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLoader.class);

    private DatabaseLoader() {
    }

    static void load(Database database) throws IOException {
        deleteLeftoverUploads(database.tmpDirectory());
        List<Path> chain = chain(database.ltxDirectory());
        for (int i = 0; i < chain.size(); i++) {
            try {
                Path path = chain.get(i);
                // Whether a snapshot was folded only matters for a bucket's keys; here the file names say all.
                replay(database, path, false, Files.getLastModifiedTime(path).toMillis());
            } catch (IOException | StoreException e) {
                quarantine(database, chain.subList(i, chain.size()), e);
                break;
            }
        }
    }

    private static void deleteLeftoverUploads(Path tmp) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** The files of history in order, from the newest snapshot on. */
    private static List<Path> chain(Path ltx) throws IOException {
        if (!Files.isDirectory(ltx)) {
            return List.of();
        }
        List<Named> named = new ArrayList<>();
        try (Stream<Path> paths = Files.list(ltx)) {
            for (Path path : paths.toList()) {
                LtxFileName name = LtxFileName.parse(path.getFileName().toString());
                if (name != null) {
                    named.add(new Named(path, name));
                } else {
                    log.warn("[store] ignoring unexpected file {}", path);
                }
            }
        }
        TxId base = named.stream().filter(n -> n.name().minTxId().value() == 1)
                .map(n -> n.name().maxTxId()).max(Comparator.naturalOrder()).orElse(TxId.ZERO);
        List<Path> chain = new ArrayList<>();
        boolean foldedAway = false;
        for (Named file : named.stream().sorted(Comparator.comparing((Named n) -> n.name().minTxId())).toList()) {
            boolean isBase = file.name().minTxId().value() == 1 && file.name().maxTxId().equals(base);
            if (!isBase && file.name().maxTxId().compareTo(base) <= 0) {
                Files.delete(file.path());
                foldedAway = true;
            } else {
                chain.add(file.path());
            }
        }
        if (foldedAway) {
            DurableFiles.forceDirectory(ltx);
        }
        return chain;
    }

    private record Named(Path path, LtxFileName name) {
    }

    /**
     * Verifies one file of history against the database's state and appends it.
     *
     * @throws IOException when it does not continue the database's position or its pages do not give
     *                     its checksum
     */
    static void replay(Database database, Path path, boolean folded, long storedAtMs) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            LtxDecoder decoder = new LtxDecoder(in);
            var header = decoder.header();
            var expected = new io.litevfs.protocol.Pos(header.minTxId().previous(), header.preApplyChecksum());
            if (!expected.equals(database.pos)) {
                throw new IOException("%s does not continue position %s".formatted(path.getFileName(), database.pos));
            }
            ChecksumTracker tracker = new ChecksumTracker(header, database.pos, database.commit, database.pageChecksums);
            byte[] page = new byte[header.pageSize()];
            for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                tracker.page(pgno, PageChecksum.of(pgno, page));
            }
            LtxTrailer trailer = decoder.finish();
            Checksum computed = tracker.finish();
            if (!computed.equals(trailer.postApplyChecksum())) {
                throw new IOException("%s ends at checksum %s but its pages give %s"
                        .formatted(path.getFileName(), trailer.postApplyChecksum(), computed));
            }
            StoredFile stored = new StoredFile(path, header, trailer.postApplyChecksum(), tracker.pgnos(), storedAtMs, folded);
            database.lock.writeLock().lock();
            try {
                database.append(stored, tracker.pgnos(), tracker.checksums());
            } finally {
                database.lock.writeLock().unlock();
            }
        }
    }

    /**
     * Verifies a snapshot on its own (as applied to an empty database) and describes it, without
     * appending it: for a snapshot another replica folded, which must then end at a position this
     * database passed.
     */
    static StoredFile verifySnapshot(Path path, long storedAtMs) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            LtxDecoder decoder = new LtxDecoder(in);
            var header = decoder.header();
            if (!header.isSnapshot()) {
                throw new IOException(path.getFileName() + " is not a snapshot");
            }
            ChecksumTracker tracker = new ChecksumTracker(header, io.litevfs.protocol.Pos.ZERO, 0, new long[1]);
            byte[] page = new byte[header.pageSize()];
            for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                tracker.page(pgno, PageChecksum.of(pgno, page));
            }
            LtxTrailer trailer = decoder.finish();
            Checksum computed = tracker.finish();
            if (!computed.equals(trailer.postApplyChecksum())) {
                throw new IOException("%s ends at checksum %s but its pages give %s"
                        .formatted(path.getFileName(), trailer.postApplyChecksum(), computed));
            }
            return new StoredFile(path, header.withFlags(0), trailer.postApplyChecksum(), tracker.pgnos(), storedAtMs, true);
        }
    }

    private static void quarantine(Database database, List<Path> rest, Exception cause) throws IOException {
        Path quarantine = database.directory().resolve("quarantine");
        Files.createDirectories(quarantine);
        for (Path path : rest) {
            Files.move(path, quarantine.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        DurableFiles.forceDirectory(database.ltxDirectory());
        log.error("[store] db={}/{}: {} stored file(s) from {} failed verification and were moved to {}; "
                        + "the database serves its last verified position {}. Cause: {}",
                database.cluster(), database.name(), rest.size(), rest.get(0).getFileName(), quarantine,
                database.pos, cause.getMessage());
    }
}
