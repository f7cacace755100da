package io.litevfs.core.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One LTX file to upload: small ones are bytes in memory, sent at once; larger ones a file on disk,
 * streamed. Either may be sent several times (a lost answer is settled by sending again).
 */
public sealed interface LtxUpload {

    /** Its size in bytes. */
    long size();

    /** The whole file's bytes (read from disk for a file). */
    byte[] bytes();

    record InMemory(byte[] content) implements LtxUpload {
        @Override
        public long size() {
            return content.length;
        }

        @Override
        public byte[] bytes() {
            return content;
        }
    }

    record OnDisk(Path file) implements LtxUpload {
        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + file, e);
            }
        }

        @Override
        public byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }
}
