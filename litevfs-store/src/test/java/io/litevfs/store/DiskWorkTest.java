package io.litevfs.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.restore.DatabaseRestorer;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.FaultyFileSystem;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an upload and a restore cost the disk, counted exactly ({@link FaultyFileSystem}'s tally): an upload
 * is read once from its body and never read back from disk, and its stored form is written once, beside its
 * commit-log record when the log takes it; a restore writes its transaction's LTX file once and the stored
 * file once, and no SQLite image of the point it restores. (The log's checkpoints may write a file header of
 * 12 bytes meanwhile, so the log is allowed two of them beyond the record.)
 */
class DiskWorkTest {

    private static final String CLUSTER = "c";
    private static final String DATABASE = "d";
    private static final int PAGE_SIZE = 4096;
    private static final int RECORD_HEADER = 24;
    private static final int CHECKPOINT_HEADERS = 24;

    @TempDir
    Path root;

    private FaultyFileSystem disk;
    private final TestDatabase client = new TestDatabase(PAGE_SIZE);
    private PageStore store;

    /** A store with its commit log, holding a database of 8 pages. */
    @BeforeEach
    void openAStoreWithADatabase() throws IOException {
        disk = FaultyFileSystem.over(root);
        store = FaultyDiskStores.open(disk, true);
        upload(client.commit(pages(1, 8)));
    }

    @AfterEach
    void closeTheStore() throws IOException {
        store.close();
    }

    @Test
    void aSmallUploadIsReadOnceAndWrittenOnceBesideItsLogRecord() throws IOException {
        Tally before = Tally.of(disk);
        byte[] body = client.commit(pages(3, 2));
        CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(body));
        store.upload(CLUSTER, DATABASE, counted, WriteGuard.NONE);

        Tally spent = Tally.of(disk).minus(before);
        StoredFile stored = last();
        long size = Files.size(stored.path());
        assertThat(counted.read).as("bytes of the body read").isEqualTo(body.length);
        assertThat(spent.readFromData()).as("bytes read back from the disk").isZero();
        assertThat(spent.writtenToDatabase()).as("bytes written under the database").isEqualTo(size);
        assertThat(spent.writtenToLog()).as("bytes written to the commit log")
                .isBetween(record(stored, size), record(stored, size) + CHECKPOINT_HEADERS);
        assertThat(spent.writtenToData()).as("bytes written anywhere")
                .isEqualTo(spent.writtenToDatabase() + spent.writtenToLog());
    }

    @Test
    void anUploadTooLargeToStageInMemoryIsWrittenOnceAndNotLogged() throws IOException {
        Tally before = Tally.of(disk);
        upload(client.commit(pages(1, 1200)));

        Tally spent = Tally.of(disk).minus(before);
        long size = Files.size(last().path());
        assertThat(size).as("larger than what is staged in memory").isGreaterThan(4L << 20);
        assertThat(spent.readFromData()).as("bytes read back from the disk").isZero();
        assertThat(spent.writtenToDatabase()).as("bytes written under the database").isEqualTo(size);
        assertThat(spent.writtenToLog()).as("bytes written to the commit log").isLessThanOrEqualTo(CHECKPOINT_HEADERS);
    }

    @Test
    void aRestoreWritesItsTransactionOnceAndNoImage() throws IOException {
        upload(client.commit(pages(1, 40)));
        upload(client.commit(pages(41, 20)));
        DatabaseRestorer restorer = new DatabaseRestorer(store, Clock.systemUTC());
        Tally before = Tally.of(disk);
        Pos restored = restorer.restore(CLUSTER, DATABASE, restorer.pointOf(CLUSTER, DATABASE, TxId.of(2)), WriteGuard.NONE);

        Tally spent = Tally.of(disk).minus(before);
        StoredFile stored = last();
        long size = Files.size(stored.path());
        assertThat(restored.txid().value()).isEqualTo(4);
        assertThat(stored.commit()).as("the restored point's pages").isEqualTo(40);
        assertThat(spent.writtenToIncoming()).as("the transaction's LTX file, written once").isEqualTo(size);
        assertThat(spent.writtenToDatabase()).as("the stored file, written once").isEqualTo(size);
        assertThat(spent.writtenToLog()).as("bytes written to the commit log")
                .isBetween(record(stored, size), record(stored, size) + CHECKPOINT_HEADERS);
        assertThat(spent.writtenToData()).as("bytes written anywhere: no image of the point")
                .isEqualTo(spent.writtenToIncoming() + spent.writtenToDatabase() + spent.writtenToLog());
    }

    private Pos upload(byte[] ltx) throws IOException {
        return store.upload(CLUSTER, DATABASE, new ByteArrayInputStream(ltx), WriteGuard.NONE);
    }

    private StoredFile last() {
        Database database = store.loaded(CLUSTER, DATABASE);
        assertThat(database).isNotNull();
        return database.files().getLast();
    }

    /** Pages {@code from} to {@code from + count - 1}, each of new content. */
    private Map<Integer, byte[]> pages(int from, int count) {
        Map<Integer, byte[]> pages = new HashMap<>();
        for (int pgno = from; pgno < from + count; pgno++) {
            pages.put(pgno, client.content(pgno * 7 + (int) client.pos().txid().value()));
        }
        return pages;
    }

    /** The size of the commit-log record of a file of {@code size} bytes at {@code stored}'s path. */
    private long record(StoredFile stored, long size) {
        return RECORD_HEADER + disk.root().relativize(stored.path()).toString().getBytes(StandardCharsets.UTF_8).length
                + size;
    }

    /** Bytes written and read so far, by where in the data directory. */
    private record Tally(long writtenToData, long writtenToDatabase, long writtenToLog, long writtenToIncoming,
                         long readFromData) {

        static Tally of(FaultyFileSystem disk) {
            StoreLayout layout = StoreLayout.of(disk.root());
            return new Tally(disk.bytesWritten(disk.root()), disk.bytesWritten(layout.database(CLUSTER, DATABASE)),
                    disk.bytesWritten(disk.root().resolve("commit-log")), disk.bytesWritten(layout.incoming()),
                    disk.bytesRead(disk.root()));
        }

        Tally minus(Tally earlier) {
            return new Tally(writtenToData - earlier.writtenToData, writtenToDatabase - earlier.writtenToDatabase,
                    writtenToLog - earlier.writtenToLog, writtenToIncoming - earlier.writtenToIncoming,
                    readFromData - earlier.readFromData);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends FilterInputStream {

        long read;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            read += Math.max(n, 0);
            return n;
        }
    }
}
