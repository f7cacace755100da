package io.litevfs.server.store;

import io.litevfs.protocol.ltx.LtxFileName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * History on the local file system, the store's only copy: {@code ltx/<min>-<max>.ltx} under each
 * database's directory, each file forced and renamed into place (and the directory forced) before the
 * upload is acknowledged. One store process owns the directory, so no one else can commit.
 */
public final class LocalHistory implements HistoryStorage {

    private static final String NAME_FILE = "NAME";

    @Override
    public Path pathOf(Database database, LtxFileName name, boolean folded) {
        return database.ltxDirectory().resolve(name.toString());
    }

    @Override
    public void commit(Database database, StoredFile stored, Path written) throws IOException {
        Files.createDirectories(database.ltxDirectory());
        DurableFiles.publish(written, stored.path());
    }

    @Override
    public void publishSnapshot(Database database, StoredFile snapshot, Path written) throws IOException {
        DurableFiles.publish(written, snapshot.path());
    }

    @Override
    public void deleteFolded(Database database, List<StoredFile> folded) throws IOException {
        for (StoredFile file : folded) {
            Files.deleteIfExists(file.path());
        }
        DurableFiles.forceDirectory(database.ltxDirectory());
    }

    @Override
    public void keep(Database database) throws IOException {
        writeNameFile(database);
    }

    @Override
    public boolean holds(String cluster, String name) {
        return false;
    }

    @Override
    public void ensureLocal(Database database, StoredFile file) {
    }

    @Override
    public void catchUp(Database database) {
    }

    /** Writes the database's {@code NAME} file, which the loader reads back, unless it exists. */
    static void writeNameFile(Database database) throws IOException {
        Files.createDirectories(database.directory());
        Path nameFile = database.directory().resolve(NAME_FILE);
        if (!Files.exists(nameFile)) {
            DurableFiles.writeAtomically(nameFile, database.name().getBytes(StandardCharsets.UTF_8));
        }
    }
}
