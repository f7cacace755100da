package io.litevfs.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file system's model of durability and its faults, each checked against the real files beneath. */
class FaultyFileSystemTest {

    @TempDir
    Path real;

    @Test
    void aCrashKeepsForcedBytesAndLosesTheRest() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path file = disk.root().resolve("f");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(bytes("forced"));
            channel.force(false);
            forceDirectory(disk.root());
            channel.write(bytes("!lost"), 0);
            channel.write(bytes(" and more"), 6);
        }
        disk.crash();
        assertThat(real.resolve("f")).hasContent("forced");
    }

    @Test
    void aNewEntryNeedsItsDirectoryForcedAndARenameIsUndoneWithoutIt() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path durable = writeDurably(disk.root().resolve("durable"), "d");
        Path unforced = write(disk.root().resolve("unforced"), "u");
        Files.move(durable, disk.root().resolve("renamed"), StandardCopyOption.ATOMIC_MOVE);
        disk.crash();
        assertThat(real.resolve("unforced")).doesNotExist();
        assertThat(real.resolve("renamed")).doesNotExist();
        assertThat(real.resolve("durable")).hasContent("d");
        assertThat(unforced.getFileSystem()).isSameAs(disk);
    }

    @Test
    void aDirectoryCreatedWithoutItsParentForcedIsLostWithItsFiles() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path directory = Files.createDirectories(disk.root().resolve("a/b"));
        write(directory.resolve("f"), "x");
        forceDirectory(directory);
        disk.crash();
        assertThat(real.resolve("a")).doesNotExist();
    }

    @Test
    void aHardLinkNeedsItsDirectoryForcedButTakesNothingFromTheBytes() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path file = writeDurably(disk.root().resolve("f"), "x");
        Files.createLink(disk.root().resolve("l"), file);
        disk.crash();
        assertThat(real.resolve("f")).hasContent("x");
        assertThat(real.resolve("l")).doesNotExist();
    }

    @Test
    void channelsOfBeforeTheCrashFailAndThePowerFailsWhereAsked() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        FileChannel old = FileChannel.open(disk.root().resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        disk.powerLossAfter(1);
        old.write(bytes("one"));
        assertThatThrownBy(() -> old.write(bytes("two"))).hasMessageContaining("power failed");
        disk.crash();
        assertThatThrownBy(() -> old.write(bytes("three"))).hasMessageContaining("before a crash");
        write(disk.root().resolve("g"), "after the reboot");
    }

    @Test
    void aDeadProcessCanDoNothingMoreWhileWhatItDidNotForceStaysToBeLost() throws IOException {
        FaultyFileSystem first = FaultyFileSystem.over(real);
        forceDirectory(first.root());
        Path file = write(first.root().resolve("f"), "unforced");
        FaultyFileSystem next;
        try (FileChannel openBefore = FileChannel.open(file, StandardOpenOption.WRITE)) {
            next = first.processDied();
            assertThatThrownBy(() -> openBefore.force(true)).hasMessageContaining("died");
        }
        try (FileChannel openAfter = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> openAfter.force(true)).hasMessageContaining("died");
        }
        assertThatThrownBy(() -> write(first.root().resolve("g"), "late")).hasMessageContaining("died");
        assertThat(Files.readString(next.root().resolve("f"))).as("the page cache keeps it").isEqualTo("unforced");
        next.crash();
        assertThat(real.resolve("f")).as("never forced by either process").doesNotExist();
        write(next.root().resolve("h"), "the next process works");
    }

    @Test
    void aFullDiskRefusesGrowthButNotOverwrites() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path file = write(disk.root().resolve("f"), "12345678");
        disk.diskFullAfter(4);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes("abcdefgh"), 0);
            channel.write(bytes("ijkl"), 8);
            assertThatThrownBy(() -> channel.write(bytes("m"), 12)).hasMessageContaining(FaultyFileSystem.DISK_FULL);
        }
        disk.freeSpace();
        assertThat(Files.readString(file)).isEqualTo("abcdefghijkl");
    }

    @Test
    void failingReadsFailOnlyTheFilesNamed() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(real);
        Path bad = write(disk.root().resolve("bad"), "b");
        Path good = write(disk.root().resolve("good"), "g");
        disk.failReads(path -> path.getFileName().toString().equals("bad"));
        assertThatThrownBy(() -> Files.readString(bad)).hasMessageContaining("Input/output error");
        assertThat(Files.readString(good)).isEqualTo("g");
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }

    /** Writes {@code file}, then forces it and its directory: it survives a crash. */
    private static Path writeDurably(Path file, String content) throws IOException {
        write(file, content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        forceDirectory(file.getParent());
        return file;
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
