package io.litevfs.store.local;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.protocol.ltx.LtxTrailer;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.store.history.ChecksumTracker;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
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
 * uploads are deleted, files that an interrupted compaction already folded into the newest snapshot or
 * merged into a wider file are deleted, and every remaining file is decoded and verified in full (file
 * checksum, page rules, contiguity with the file before, database checksum). A file that fails is moved with all later ones
 * to {@code quarantine/} and reported, so the database serves its last verified position rather than
 * anything damaged.
 */
public final class DatabaseLoader {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLoader.class);

    private DatabaseLoader() {
    }

    public static void load(Database database) throws IOException {
        database.exclusively(() -> replayAll(database));
    }

    private static void replayAll(Database database) throws IOException {
        deleteLeftoverUploads(StoreLayout.temporary(database.directory()));
        List<Path> chain = chain(StoreLayout.history(database.directory()));
        for (int i = 0; i < chain.size(); i++) {
            try {
                Path path = chain.get(i);
                // The kind of a file only matters for a bucket's keys; here the file names say all.
                replay(database, path, StoredFile.Kind.UPLOAD);
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

    /**
     * The files of history in order, from the newest snapshot on; of files starting at one TXID the widest
     * is kept, and every file within one kept before it is deleted.
     */
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
        List<Path> chain = new ArrayList<>();
        boolean foldedAway = false;
        TxId covered = TxId.ZERO;
        Comparator<Named> widestFirst = Comparator.comparing((Named n) -> n.name().minTxId())
                .thenComparing(n -> n.name().maxTxId(), Comparator.reverseOrder());
        for (Named file : named.stream().sorted(widestFirst).toList()) {
            if (file.name().maxTxId().compareTo(covered) <= 0) {
                Files.delete(file.path());
                foldedAway = true;
            } else {
                chain.add(file.path());
                covered = file.name().maxTxId();
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
     * Verifies one file of history against the database's state and appends it. Call under the upload
     * lock ({@link Database#exclusively}).
     *
     * @throws IOException when it does not continue the database's position or its pages do not give
     *                     its checksum
     */
    public static void replay(Database database, Path path, StoredFile.Kind kind) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            LtxDecoder decoder = new LtxDecoder(in);
            var header = decoder.header();
            var expected = new io.litevfs.protocol.Pos(header.minTxId().previous(), header.preApplyChecksum());
            Database.Head head = database.head();
            if (!expected.equals(head.pos())) {
                throw new IOException("%s does not continue position %s".formatted(path.getFileName(), head.pos()));
            }
            ChecksumTracker tracker = new ChecksumTracker(header, head.pos(), head.commit(), head.pageChecksums());
            Checksum postApply = verifyPages(path, decoder, tracker);
            database.append(new StoredFile(path, header, postApply, tracker.pgnos(), kind), tracker.pgnos(), tracker.checksums());
        }
    }

    /**
     * Verifies a snapshot on its own (as applied to an empty database) and describes it, without
     * appending it: for a snapshot another replica folded, which must then end at a position this
     * database passed.
     */
    public static StoredFile verifySnapshot(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            LtxDecoder decoder = new LtxDecoder(in);
            var header = decoder.header();
            if (!header.isSnapshot()) {
                throw new IOException(path.getFileName() + " is not a snapshot");
            }
            ChecksumTracker tracker = new ChecksumTracker(header, io.litevfs.protocol.Pos.ZERO, 0, new long[1]);
            Checksum postApply = verifyPages(path, decoder, tracker);
            return new StoredFile(path, header.withFlags(0), postApply, tracker.pgnos(), StoredFile.Kind.SNAPSHOT);
        }
    }

    /**
     * Reads every page of the file into {@code tracker} and checks that they give the database checksum
     * the file ends at, which it returns (the decoder checks the file's own checksum).
     *
     * @throws IOException when they do not
     */
    private static Checksum verifyPages(Path path, LtxDecoder decoder, ChecksumTracker tracker) throws IOException {
        byte[] page = new byte[decoder.header().pageSize()];
        for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
            tracker.page(pgno, PageChecksum.of(pgno, page));
        }
        LtxTrailer trailer = decoder.finish();
        Checksum computed = tracker.finish();
        if (!computed.equals(trailer.postApplyChecksum())) {
            throw new IOException("%s ends at checksum %s but its pages give %s"
                    .formatted(path.getFileName(), trailer.postApplyChecksum(), computed));
        }
        return trailer.postApplyChecksum();
    }

    /**
     * Verifies that the file at {@code expected.path()} is exactly the file described (a merged window
     * another replica made of the files this one holds): every header field, the page numbers, the
     * post-apply checksum, and its own file checksum.
     *
     * @throws IOException when it is not
     */
    public static void verifyMade(StoredFile expected) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(expected.path()), 1 << 16)) {
            LtxDecoder decoder = new LtxDecoder(in);
            if (!decoder.header().equals(expected.header())) {
                throw new IOException("its header " + decoder.header() + " is not " + expected.header());
            }
            List<Integer> pgnos = new ArrayList<>();
            byte[] page = new byte[expected.header().pageSize()];
            for (int pgno; (pgno = decoder.readPage(page)) != 0; ) {
                pgnos.add(pgno);
            }
            LtxTrailer trailer = decoder.finish();
            if (!java.util.Arrays.equals(pgnos.stream().mapToInt(Integer::intValue).toArray(), expected.pgnos())) {
                throw new IOException("it holds other pages than the files it merges wrote");
            }
            if (!trailer.postApplyChecksum().equals(expected.postApply())) {
                throw new IOException("it ends at checksum " + trailer.postApplyChecksum() + ", not " + expected.postApply());
            }
        } catch (io.litevfs.protocol.ltx.LtxException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Moves {@code rest} aside, durably: {@code quarantine/} is made durable in the database's directory and
     * forced with its new entries before {@code ltx/} is forced without them, so that a crash finds each file
     * in one of the two, never in neither.
     */
    private static void quarantine(Database database, List<Path> rest, Exception cause) throws IOException {
        Path quarantine = DurableFiles.createDirectories(StoreLayout.quarantine(database.directory()));
        for (Path path : rest) {
            Files.move(path, quarantine.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        DurableFiles.forceDirectory(quarantine);
        DurableFiles.forceDirectory(StoreLayout.history(database.directory()));
        log.error("[store] db={}/{}: {} stored file(s) from {} failed verification and were moved to {}; "
                        + "the database serves its last verified position {}. Cause: {}",
                database.cluster(), database.name(), rest.size(), rest.get(0).getFileName(), quarantine,
                database.pos(), cause.getMessage());
    }
}
