package io.litevfs.store.local;

import io.litevfs.store.history.Database;
import io.litevfs.store.history.StagedFile;
import io.litevfs.store.history.StoredFile;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a new file of a database's history that the store makes itself (a snapshot, a merged file):
 * staged in a temporary file of the database's {@code tmp/} ({@link StoreLayout}), then made durable by
 * the database's storage under the file's own path. The temporary file never outlives the call, whether
 * it was published or not, so a file is either whole in history or absent.
 */
public final class HistoryFileWriter {

    /** What the file holds, written to {@code out} (buffered, and flushed once this returns). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private HistoryFileWriter() {
    }

    public static void writeAndPublish(Database database, StoredFile file, Content content) throws IOException {
        try (StagedFile staged = StagedFile.onDisk(StoreLayout.temporary(database.directory()))) {
            content.writeTo(staged.output());
            staged.finish();
            database.durable().publish(database, file, staged);
        }
    }
}
