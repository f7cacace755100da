package io.litevfs.store.upload;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.ltx.LtxException;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.PageStore;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.PositionEvents;
import io.litevfs.store.history.SnapshotWriter;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.local.DurableFiles;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the store's upload handling ({@link PageStore#upload}: decoding, position
 * and lease checks, checksum bookkeeping, the temporary file, publication) on a real data directory.
 * A plain test run replays the seeds; the build's {@code fuzz-upload-*} executions fuzz for
 * {@code litevfs.fuzz.duration}.
 *
 * <p>What must hold after every upload: it is either applied or refused with a 4xx {@link StoreException};
 * a refused one changes nothing (position, content, no temporary file left); an applied one moves the
 * database to exactly the content the file describes, with the checksum of that content.
 *
 * <p>Two targets: {@link #anyBytes} takes raw bytes (seeds: the reference library's files, against a
 * database holding the reference snapshot), which mostly explores how bad files are refused, since a
 * mutated file rarely keeps its checksum; {@link #wellFormedFiles} builds files with correct file
 * checksums from the fuzzer's choices, so that position, page and database-checksum rules are explored
 * and uploads are often applied; page 1 is sometimes a SQLite header declaring the file's page size or
 * another, which must never be applied.
 */
class UploadFuzzTest {

    private static final String CLUSTER = "fuzz";
    private static final int PAGE_SIZE = Fixtures.PAGE_SIZE;
    private static final int MAX_PAGES = 12;
    private static final int APPLIED_PER_DATABASE = 200;

    private Path dataDirectory;
    private PageStore store;
    private int databases;
    private String name;
    private int applied;
    private SortedMap<Integer, byte[]> model;
    private final Outcomes outcomes = new Outcomes();

    @BeforeEach
    void openStore() throws IOException {
        dataDirectory = Files.createTempDirectory("litevfs-upload-fuzz");
        store = PageStore.onLocalDisk(dataDirectory, Clock.systemUTC(), PositionEvents.NONE);
    }

    @AfterEach
    void deleteStore() throws IOException {
        store.close();
        DurableFiles.deleteTree(dataDirectory);
        outcomes.printIfFuzzed();
    }

    @FuzzTest(maxDuration = "20s")
    void anyBytes(byte[] input) throws IOException {
        if (name == null) {
            startDatabase();
            store.upload(CLUSTER, name, new ByteArrayInputStream(Fixtures.bytes("v1-snapshot-plain.ltx")),
                    WriteGuard.NONE);
            model = new TreeMap<>(Map.of(1, Fixtures.page(0x10), 2, Fixtures.page(0x20), 3, Fixtures.page(0x30)));
        }
        Pos before = database().pos();
        Pos after;
        try {
            after = store.upload(CLUSTER, name, new ByteArrayInputStream(input), WriteGuard.NONE);
        } catch (StoreException refused) {
            assertRefusedWithoutHarm(refused, before);
            return;
        }
        assertThat(after).isEqualTo(database().pos());
        assertThat(after.postApplyChecksum()).isEqualTo(checksumOf(content()));
        outcomes.applied();
        name = null;
    }

    @FuzzTest(maxDuration = "20s")
    void wellFormedFiles(FuzzedDataProvider data) throws IOException {
        if (name == null || applied >= APPLIED_PER_DATABASE) {
            startDatabase();
        }
        Pos before = database().pos();
        long txid = data.consumeBoolean() ? before.txid().value() + 1 : data.consumeLong(1, before.txid().value() + 2);
        long maxTxId = txid + data.consumeInt(0, 2);
        boolean snapshot = txid == 1;
        Checksum preApply = snapshot ? Checksum.ZERO
                : data.consumeBoolean() ? before.postApplyChecksum() : Checksum.of(Checksum.FLAG | data.consumeLong());
        int pageSize = before.isZero() || data.consumeBoolean() ? PAGE_SIZE : data.pickValue(new int[] {1024, 4096});
        int commit = data.consumeInt(0, MAX_PAGES);
        SortedMap<Integer, byte[]> pages = new TreeMap<>();
        for (int pgno = 1; pgno <= commit + 1; pgno++) {
            if (data.consumeBoolean()) {
                pages.put(pgno, page(data, pageSize));
            }
        }
        if (pages.containsKey(1) && data.consumeBoolean()) {
            TestDatabase.declaringPageSize(pages.get(1), data.pickValue(new int[] {pageSize, 1024, 4096, 8192, 65536}));
        }
        SortedMap<Integer, byte[]> expected = applied(pages, commit, snapshot);
        Checksum postApply = data.consumeBoolean() ? TestDatabase.checksumOf(expected)
                : Checksum.of(Checksum.FLAG | data.consumeLong());
        int flags = data.consumeBoolean() ? LtxHeader.FLAG_COMPRESS_LZ4 : 0;
        byte[] file;
        try {
            file = TestDatabase.encode(LtxHeader.of(flags, pageSize, commit, TxId.of(txid), TxId.of(maxTxId),
                    1_700_000_000_000L, preApply), pages, postApply);
        } catch (UncheckedIOException notAnLtxFile) {
            if (notAnLtxFile.getCause() instanceof LtxException) {
                return;
            }
            throw notAnLtxFile;
        }
        Pos after;
        try {
            after = store.upload(CLUSTER, name, new ByteArrayInputStream(file), WriteGuard.NONE);
        } catch (StoreException refused) {
            assertRefusedWithoutHarm(refused, before);
            return;
        }
        assertThat(after).isEqualTo(database().pos())
                .isEqualTo(new Pos(TxId.of(maxTxId), TestDatabase.checksumOf(expected)));
        assertThat(pages.containsKey(1) ? Pages.declaredPageSize(pages.get(1)) : 0)
                .as("an applied page 1 declares no page size or the file's").isIn(0, pageSize);
        model = expected;
        assertThat(content()).isEqualTo(concatenated(model));
        outcomes.applied();
        applied++;
    }

    private void startDatabase() {
        name = "db" + ++databases;
        applied = 0;
        model = new TreeMap<>();
    }

    private Database database() {
        return store.open(CLUSTER, name);
    }

    private void assertRefusedWithoutHarm(StoreException refused, Pos before) throws IOException {
        outcomes.refused(refused.code());
        assertThat(refused.code().status()).as("%s: %s", refused.code(), refused.getMessage()).isBetween(400, 499);
        assertThat(database().pos()).isEqualTo(before);
        assertThat(content()).isEqualTo(concatenated(model));
        try (Stream<Path> left = Files.list(StoreLayout.temporary(database().directory()))) {
            assertThat(left).as("temporary files left behind").isEmpty();
        } catch (NoSuchFileException neverCreated) {
            // a refusal before any page arrived
        }
    }

    private SortedMap<Integer, byte[]> applied(SortedMap<Integer, byte[]> pages, int commit, boolean snapshot) {
        SortedMap<Integer, byte[]> result = new TreeMap<>(snapshot ? Map.of() : model);
        result.putAll(pages);
        result.tailMap(commit + 1).clear();
        return result;
    }

    private byte[] content() throws IOException {
        if (database().pos().isZero()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(SnapshotWriter.plan(database()), SnapshotWriter.Format.SQLITE, out);
        return out.toByteArray();
    }

    private static byte[] page(FuzzedDataProvider data, int pageSize) {
        byte[] page = new byte[pageSize];
        Arrays.fill(page, data.consumeByte());
        byte[] start = data.consumeBytes(8);
        System.arraycopy(start, 0, page, 0, start.length);
        return page;
    }

    private static Checksum checksumOf(byte[] content) {
        SortedMap<Integer, byte[]> pages = new TreeMap<>();
        for (int i = 0; i * PAGE_SIZE < content.length; i++) {
            pages.put(i + 1, Arrays.copyOfRange(content, i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
        }
        return TestDatabase.checksumOf(pages);
    }

    private static byte[] concatenated(SortedMap<Integer, byte[]> pages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pages.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** What became of the uploads of one fuzzing run, printed at its end for RELIABILITY.md. */
    private static final class Outcomes {

        private static final int WORTH_PRINTING = 1_000;

        private final Map<ErrorCode, Long> refused = new EnumMap<>(ErrorCode.class);
        private long applied;

        void applied() {
            applied++;
        }

        void refused(ErrorCode code) {
            refused.merge(code, 1L, Long::sum);
        }

        void printIfFuzzed() {
            long total = applied + refused.values().stream().mapToLong(Long::longValue).sum();
            if (total >= WORTH_PRINTING) {
                System.out.printf("[upload fuzz] %,d uploads: %,d applied, refused %s%n", total, applied, refused);
            }
        }
    }
}
