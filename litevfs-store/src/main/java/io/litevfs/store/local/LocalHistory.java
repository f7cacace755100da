package io.litevfs.store.local;

import io.litevfs.protocol.ltx.LtxFileName;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.DurableHistory;
import io.litevfs.store.history.StagedFile;
import io.litevfs.store.history.StoredFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * History on the local file system, the store's only copy: {@code ltx/<min>-<max>.ltx} under each
 * database's directory. One store process owns the directory, so no one else can commit.
 *
 * <p>An upload is durable before it is acknowledged in one of two ways: a file small enough to be staged
 * in memory ({@link StagedFile}) and taken by the {@link CommitLog} is written once, unsynced, appended to
 * the log from memory (one {@code fdatasync}) and renamed into place, the log writing it again after a
 * crash; a larger one is forced and renamed into place, and the directory forced. Files compaction writes
 * always take the second way.
 */
public final class LocalHistory implements DurableHistory {

    private static final String NAME_FILE = "NAME";
    private static final long LOG_CAPACITY = 16L << 20;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LocalHistory.class);

    /** Null when the disk had no room for it: every upload then takes the slower way. */
    private final @Nullable CommitLog commitLog;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Opens the history under {@code dataDirectory}, replaying its commit log first. */
    public LocalHistory(Path dataDirectory) throws IOException {
        this.commitLog = openLog(dataDirectory.toAbsolutePath());
    }

    private static @Nullable CommitLog openLog(Path dataDirectory) throws IOException {
        try {
            return CommitLog.open(dataDirectory, LOG_CAPACITY, CHECKPOINT_INTERVAL);
        } catch (IOException e) {
            if (!DiskFull.causes(e)) {
                throw e;
            }
            log.warn("[store] no room for the commit log's {} MiB in {}: every upload is synced on its own (slower)",
                    2 * LOG_CAPACITY >> 20, dataDirectory);
            return null;
        }
    }

    @Override
    public Path pathOf(Database database, LtxFileName name, StoredFile.Kind kind) {
        return StoreLayout.history(database.directory()).resolve(name.toString());
    }

    @Override
    public void commit(Database database, StoredFile stored, StagedFile staged, boolean mayWriteBehind)
            throws IOException {
        DurableFiles.createDirectories(StoreLayout.history(database.directory()));
        byte[] content = staged.content();
        Path written = staged.file();
        if (commitLog != null && content != null && commitLog.takes(content.length)) {
            commitLog.append(stored.path(), content,
                    () -> Files.move(written, stored.path(), StandardCopyOption.ATOMIC_MOVE));
            return;
        }
        DurableFiles.forceAndPublish(written, stored.path());
    }

    @Override
    public void publish(Database database, StoredFile made, StagedFile staged) throws IOException {
        DurableFiles.forceAndPublish(staged.file(), made.path());
    }

    /**
     * Deletes at once: a deletion that fails fails the compaction, and the loader deletes what a snapshot
     * or merged file holds at the next start.
     */
    @Override
    public void deleteFolded(Database database, List<StoredFile> folded) throws IOException {
        for (StoredFile file : folded) {
            Files.deleteIfExists(file.path());
        }
        DurableFiles.forceDirectory(StoreLayout.history(database.directory()));
    }

    @Override
    public void keep(Database database) throws IOException {
        writeNameFile(database);
    }

    @Override
    public void close() throws IOException {
        if (commitLog != null && closed.compareAndSet(false, true)) {
            commitLog.close();
        }
    }

    /** Writes the database's {@code NAME} file, which the loader reads back, unless it exists. */
    public static void writeNameFile(Database database) throws IOException {
        DurableFiles.createDirectories(database.directory());
        Path nameFile = database.directory().resolve(NAME_FILE);
        if (!Files.exists(nameFile)) {
            DurableFiles.writeAtomically(nameFile, database.name().getBytes(StandardCharsets.UTF_8));
        }
    }
}
