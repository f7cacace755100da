package io.litevfs.store.history;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.store.local.LocalHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The history model refuses every change that would break one of its invariants, and leaves the history
 * as it was: files described here are never read, so only the model's own checks are at work.
 */
class DatabaseHistoryTest {

    private static final int PAGE_SIZE = 4096;

    @TempDir
    Path root;

    private LocalHistory storage;
    private Database database;

    @BeforeEach
    void open() throws IOException {
        storage = new LocalHistory(root);
        database = new Database("c", "d", root.resolve("d"), storage, null);
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
    }

    @Test
    void aChainOfFilesMovesTheHeadAndKeepsEveryPosition() throws IOException {
        StoredFile snapshot = file(1, 1, StoredFile.Kind.SNAPSHOT);
        StoredFile next = file(2, 2, StoredFile.Kind.UPLOAD);
        appendAll(snapshot, next);

        assertThat(database.head().pos()).isEqualTo(next.pos());
        assertThat(database.head().commit()).isEqualTo(2);
        assertThat(database.fileEndingAt(snapshot.pos())).isSameAs(snapshot);
        assertThat(database.files()).containsExactly(snapshot, next);
    }

    @Test
    void appendingOutsideTheUploadLockIsRefused() {
        assertThatThrownBy(() -> database.append(file(1, 1, StoredFile.Kind.SNAPSHOT), new int[] {1}, new long[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("upload lock");
        assertThat(database.pos()).isEqualTo(Pos.ZERO);
    }

    @Test
    void historyStartsWithASnapshotAndEachFileContinuesTheOneBefore() throws IOException {
        assertThatThrownBy(() -> appendAll(file(2, 2, StoredFile.Kind.UPLOAD)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("continues");
        appendAll(file(1, 1, StoredFile.Kind.SNAPSHOT));
        assertThatThrownBy(() -> appendAll(file(3, 3, StoredFile.Kind.UPLOAD)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("continues");
        assertThatThrownBy(() -> appendAll(withPageSize(file(2, 2, StoredFile.Kind.UPLOAD), 1024)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1024");
        assertThat(database.historyLength()).isEqualTo(1);
    }

    @Test
    void aSnapshotFoldsOnlyWhereAFileOfHistoryEndsAtItsPosition() throws IOException {
        appendAll(file(1, 1, StoredFile.Kind.SNAPSHOT), file(2, 2, StoredFile.Kind.UPLOAD),
                file(3, 3, StoredFile.Kind.UPLOAD));
        StoredFile elsewhere = new StoredFile(root.resolve("x.ltx"), header(1, 2, Checksum.ZERO), Checksum.of(99),
                new int[] {1, 2}, StoredFile.Kind.SNAPSHOT);
        assertThatThrownBy(() -> database.fold(elsewhere)).isInstanceOf(IllegalStateException.class);
        assertThat(database.historyLength()).isEqualTo(3);

        StoredFile snapshot = new StoredFile(root.resolve("s.ltx"), header(1, 2, Checksum.ZERO), checksum(2),
                new int[] {1, 2}, StoredFile.Kind.SNAPSHOT);
        List<StoredFile> folded = database.fold(snapshot);

        assertThat(folded).hasSize(2);
        assertThat(database.files().getFirst()).isSameAs(snapshot);
        assertThat(database.historyLength()).isEqualTo(2);
        assertThat(database.pos()).isEqualTo(new Pos(TxId.of(3), checksum(3)));
    }

    @Test
    void aMergedFileMustSpanWhatItReplacesAndNeverTheSnapshot() throws IOException {
        StoredFile snapshot = file(1, 1, StoredFile.Kind.SNAPSHOT);
        StoredFile second = file(2, 2, StoredFile.Kind.UPLOAD);
        StoredFile third = file(3, 3, StoredFile.Kind.UPLOAD);
        appendAll(snapshot, second, third);

        StoredFile short1 = merged(2, 2, checksum(1), checksum(2));
        assertThatThrownBy(() -> database.replace(List.of(second, third), short1)).isInstanceOf(IllegalStateException.class);
        StoredFile withSnapshot = merged(1, 2, Checksum.ZERO, checksum(2));
        assertThatThrownBy(() -> database.replace(List.of(snapshot, second), withSnapshot))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot");
        assertThat(database.files()).containsExactly(snapshot, second, third);

        StoredFile spanning = merged(2, 3, checksum(1), checksum(3));
        assertThat(database.replace(List.of(second, third), spanning)).isTrue();
        assertThat(database.files()).containsExactly(snapshot, spanning);
        assertThat(database.replace(List.of(second, third), spanning)).as("no longer in history").isFalse();
    }

    @Test
    void startingAgainNeedsTheUploadLock() throws IOException {
        appendAll(file(1, 1, StoredFile.Kind.SNAPSHOT));
        assertThatThrownBy(database::reset).isInstanceOf(IllegalStateException.class);
        database.exclusively(database::reset);
        assertThat(database.pos()).isEqualTo(Pos.ZERO);
        assertThat(database.historyLength()).isZero();
    }

    private void appendAll(StoredFile... files) throws IOException {
        database.exclusively(() -> {
            for (StoredFile file : files) {
                database.append(file, file.pgnos(), new long[file.pgnos().length]);
            }
        });
    }

    /** A file of TXIDs {@code min..max} writing page {@code max}, its checksums numbered by TXID. */
    private StoredFile file(long min, long max, StoredFile.Kind kind) {
        Checksum preApply = min == 1 ? Checksum.ZERO : checksum(min - 1);
        return new StoredFile(root.resolve(min + "-" + max + ".ltx"), header(min, max, preApply), checksum(max),
                new int[] {(int) max}, kind);
    }

    private StoredFile merged(long min, long max, Checksum preApply, Checksum postApply) {
        return new StoredFile(root.resolve("m" + min + "-" + max + ".ltx"), header(min, max, preApply), postApply,
                new int[] {(int) max}, StoredFile.Kind.MERGED);
    }

    private static StoredFile withPageSize(StoredFile file, int pageSize) {
        LtxHeader h = file.header();
        return new StoredFile(file.path(), LtxHeader.of(0, pageSize, h.commit(), h.minTxId(), h.maxTxId(), h.timestamp(),
                h.preApplyChecksum()), file.postApply(), file.pgnos(), file.kind());
    }

    private static LtxHeader header(long min, long max, Checksum preApply) {
        return LtxHeader.of(0, PAGE_SIZE, (int) max, TxId.of(min), TxId.of(max), 0, preApply);
    }

    private static Checksum checksum(long txid) {
        return Checksum.of(0x8000_0000_0000_0000L | txid);
    }
}
