package io.litevfs.store.local;

import io.litevfs.protocol.OwnerOnly;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.StoredFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a new file of a database's history that the store makes itself (a snapshot, a merged file):
 * into a temporary file of the database's {@code tmp/} ({@link StoreLayout}), forced, then published by
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
        Path temporary = StoreLayout.temporary(database.directory()).resolve(UUID.randomUUID() + ".ltx");
        try {
            OwnerOnly.createDirectories(StoreLayout.temporary(database.directory()));
            try (FileChannel channel = OwnerOnly.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            database.durable().publish(database, file, temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
