package io.litevfs.store.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a staged file's bytes are, and that its temporary file never outlives it. */
class StagedFileTest {

    @TempDir
    Path tmp;

    @Test
    void contentWithinTheLimitStaysInMemoryUntilAFileIsAskedFor() throws IOException {
        byte[] content = bytes(1000);
        try (StagedFile staged = StagedFile.keptInMemoryUpTo(1000, tmp.resolve("tmp"))) {
            staged.output().write(content);
            staged.finish();
            assertThat(staged.content()).isEqualTo(content);
            assertThat(tmp.resolve("tmp")).as("nothing written yet").doesNotExist();
            Path file = staged.file();
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            assertThat(staged.file()).as("written once").isEqualTo(file);
            assertThat(staged.size()).isEqualTo(1000);
        }
        assertThat(tmp.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void contentBeyondTheLimitSpillsToItsFile() throws IOException {
        byte[] content = bytes(5000);
        try (StagedFile staged = StagedFile.keptInMemoryUpTo(1000, tmp)) {
            staged.output().write(content, 0, 600);
            staged.output().write(content, 600, 4400);
            staged.finish();
            assertThat(staged.content()).isNull();
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(content);
        }
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aFileMovedAwayIsNotDeletedAndAnUnfinishedOneIsNotAnswered() throws IOException {
        Path kept = tmp.resolve("kept.ltx");
        try (StagedFile staged = StagedFile.onDisk(tmp.resolve("tmp"))) {
            staged.output().write(bytes(10));
            assertThatThrownBy(staged::content).isInstanceOf(IllegalStateException.class);
            staged.finish();
            Files.move(staged.file(), kept);
            assertThatThrownBy(() -> staged.output().write(1)).isInstanceOf(IOException.class);
        }
        assertThat(kept).hasSize(10);
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 7);
        for (int i = 0; i < length; i += 97) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
