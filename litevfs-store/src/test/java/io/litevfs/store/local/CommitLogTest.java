package io.litevfs.store.local;

import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commit log's promises, with a crash played by a {@link FaultyFileSystem}: what was not forced is
 * lost (data, and new directory entries), and the log is opened again as after a reboot.
 */
class CommitLogTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path root;

    @Test
    void anAcknowledgedFileLostInACrashIsWrittenAgainOnceAndOnlyOnce() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(root);
        Path data = disk.root();
        CommitLog crashed = CommitLog.open(data, 1 << 20, NEVER);
        Path target = data.resolve("clusters/c/dbs/d/ltx/a.ltx");
        append(crashed, target, "acknowledged");
        disk.crash();
        assertThat(target).as("written and renamed into place, never synced: lost").doesNotExist();
        assertThatThrownBy(crashed::close).as("the crashed process's log").isInstanceOf(IOException.class);

        CommitLog reopened = CommitLog.open(data, 1 << 20, NEVER);
        assertThat(Files.readString(target)).isEqualTo("acknowledged");
        disk.crash();
        assertThat(Files.readString(target)).as("written again durably").isEqualTo("acknowledged");
        Files.delete(target);
        CommitLog again = CommitLog.open(data, 1 << 20, NEVER);
        assertThat(target).as("replayed records are retired by the new generations").doesNotExist();
        again.close();
        assertThatThrownBy(reopened::close).isInstanceOf(IOException.class);
    }

    @Test
    void aTornRecordAndEverythingAfterItAreNotReplayed() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(root);
        Path data = disk.root();
        CommitLog crashed = CommitLog.open(data, 1 << 20, NEVER);
        Path first = data.resolve("clusters/c/dbs/d/ltx/1.ltx");
        Path torn = data.resolve("clusters/c/dbs/d/ltx/2.ltx");
        append(crashed, first, "first");
        append(crashed, torn, "torn by the crash");
        disk.crash();
        try (FileChannel log = FileChannel.open(data.resolve("commit-log/log-0"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer all = ByteBuffer.allocate(4096);
            log.read(all, 0);
            int at = indexOf(all.array(), "torn by".getBytes(StandardCharsets.UTF_8));
            log.write(ByteBuffer.wrap(new byte[] {'T'}), at);
            log.force(false);
        }
        try (CommitLog reopened = CommitLog.open(data, 1 << 20, NEVER)) {
            assertThat(Files.readString(first)).isEqualTo("first");
            assertThat(torn).doesNotExist();
        }
    }

    @Test
    void checkpointsSwitchFilesAndForceWhatTheyLeaveWhileAppendsGoOn() throws IOException {
        try (CommitLog log = CommitLog.open(root, 16 * 1024, Duration.ofMillis(5))) {
            for (int i = 0; i < 400; i++) {
                append(log, root.resolve("clusters/c/dbs/d/ltx/" + i + ".ltx"), "record " + i + " ".repeat(200));
            }
            log.checkpoint();
            for (int i = 0; i < 400; i++) {
                assertThat(Files.readString(root.resolve("clusters/c/dbs/d/ltx/" + i + ".ltx"))).startsWith("record " + i + " ");
            }
            assertThat(log.takes(8 * 1024 - 2000)).isTrue();
            assertThat(log.takes(8 * 1024)).isFalse();
        }
    }

    private static void append(CommitLog log, Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path written = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(written, content);
        log.append(target, content.getBytes(StandardCharsets.UTF_8),
                () -> Files.move(written, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
