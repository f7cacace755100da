package io.litevfs.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileSummary;
import io.litevfs.store.history.Database;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file of history found damaged at load is moved aside to {@code quarantine/} with every file after it,
 * and that decision survives a power loss at any point of the load that makes it: the store opened again
 * serves the last verified position, and each file moved aside is in {@code quarantine/} or, when the move
 * had not become durable, still in {@code ltx/} to be moved again; never lost. A power loss once the load
 * is done finds every one of them in {@code quarantine/}.
 */
class QuarantineCrashPointsTest {

    private static final String CLUSTER = "c";
    private static final String DATABASE = "d";
    private static final List<String> HISTORY = List.of("v1-snapshot-plain.ltx", "v1-incr-plain.ltx",
            "v1-incr3-shrink-plain.ltx");

    @TempDir
    Path root;

    @Test
    void aQuarantineSurvivesAPowerLossAtAnyPointOfTheLoad() throws IOException {
        long changes = quarantiningLoad(root.resolve("count"), Long.MAX_VALUE).changes();
        assertThat(changes).as("the load changes the disk").isPositive();
        for (long point = 0; point <= changes; point++) {
            FaultyFileSystem disk = quarantiningLoad(root.resolve("crash-" + point), point).disk();
            disk.crash();
            try (PageStore restarted = FaultyDiskStores.reopen(disk.root())) {
                Database database = restarted.loaded(CLUSTER, DATABASE);
                assertThat(database).isNotNull();
                assertThat(database.pos()).as("power lost after change %d of %d", point, changes).isEqualTo(firstPosition());
            }
            List<String> quarantined = names(quarantine(disk));
            assertThat(quarantined).as("power lost after change %d of %d, then loaded again", point, changes).hasSize(2);
            assertThat(names(history(disk))).hasSize(1);
        }
        FaultyFileSystem done = quarantiningLoad(root.resolve("done"), Long.MAX_VALUE).disk();
        done.crash();
        assertThat(names(quarantine(done))).as("moved aside, durably").hasSize(2);
        assertThat(names(history(done))).as("left in history").hasSize(1);
    }

    private record Load(FaultyFileSystem disk, long changes) {
    }

    /**
     * Writes the history, damages its second file, then opens the store again (which quarantines it) with the
     * power failing after {@code powerLossAfter} changes; returns the disk, not yet crashed, and the changes
     * the load made.
     */
    private static Load quarantiningLoad(Path directory, long powerLossAfter) throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(directory);
        try (PageStore store = FaultyDiskStores.open(disk, true)) {
            for (String file : HISTORY) {
                store.upload(CLUSTER, DATABASE, new ByteArrayInputStream(Fixtures.bytes(file)), WriteGuard.NONE);
            }
        }
        Path second = names(history(disk)).stream().sorted().skip(1).findFirst().map(history(disk)::resolve).orElseThrow();
        byte[] damaged = Files.readAllBytes(second);
        damaged[damaged.length / 2] ^= 0x5A;
        Files.write(second, damaged);
        try (FileChannel channel = FileChannel.open(second, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        long before = disk.mutations();
        disk.powerLossAfter(powerLossAfter);
        try (PageStore loaded = FaultyDiskStores.reopen(disk.root())) {
            assertThat(loaded.loaded(CLUSTER, DATABASE)).isNotNull();
        } catch (IOException | RuntimeException powerFailed) {
            assertThat(powerLossAfter).as("only the power failure stops the load: %s", powerFailed).isNotEqualTo(Long.MAX_VALUE);
        }
        return new Load(disk, disk.mutations() - before);
    }

    private static Pos firstPosition() throws IOException {
        LtxFileSummary first = LtxDecoder.verify(new ByteArrayInputStream(Fixtures.bytes(HISTORY.getFirst())));
        return new Pos(first.header().maxTxId(), first.trailer().postApplyChecksum());
    }

    private static Path history(FaultyFileSystem disk) {
        return StoreLayout.of(disk.root()).database(CLUSTER, DATABASE).resolve("ltx");
    }

    private static Path quarantine(FaultyFileSystem disk) {
        return StoreLayout.of(disk.root()).database(CLUSTER, DATABASE).resolve("quarantine");
    }

    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
