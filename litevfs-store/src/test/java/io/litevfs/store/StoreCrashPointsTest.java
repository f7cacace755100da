package io.litevfs.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.protocol.ltx.LtxFileSummary;
import io.litevfs.store.history.Database;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store on local disk loses no acknowledged upload to a power loss at any point: a workload of uploads
 * runs once to count the changes it makes to the disk, then once per change with the power failing after
 * it ({@link FaultyFileSystem}: what was not forced is lost, new directory entries included), and the
 * store opened again must be at the position of the last acknowledged upload, or of the one in flight
 * (made durable but not yet acknowledged). Opening it verifies every file again, so a position it reaches
 * is one whose pages give its checksum.
 *
 * <p>Both ways an upload becomes durable are played: through the commit log (small uploads), and on its
 * own (force, rename, force the directory), which every upload takes when the disk had no room for the
 * log when the store opened.
 */
class StoreCrashPointsTest {

    private static final String CLUSTER = "c";
    private static final String DATABASE = "d";
    private static final List<String> WORKLOAD = List.of("v1-snapshot-plain.ltx", "v1-incr-plain.ltx",
            "v1-incr3-shrink-plain.ltx");

    @TempDir
    Path root;

    @ParameterizedTest(name = "commit log {0}")
    @ValueSource(booleans = {true, false})
    void everyAcknowledgedUploadSurvivesAPowerLossAfterAnyChange(boolean commitLog) throws Exception {
        List<Pos> positions = positions();
        long changes = run(root.resolve("count"), commitLog, Long.MAX_VALUE).changes();
        assertThat(changes).as("the workload changes the disk").isGreaterThan(WORKLOAD.size());

        for (long point = 0; point <= changes; point++) {
            Path directory = root.resolve("crash-" + point);
            Outcome outcome = run(directory, commitLog, point);
            Pos acknowledged = outcome.acknowledged() == 0 ? Pos.ZERO : positions.get(outcome.acknowledged() - 1);
            Pos inFlight = outcome.acknowledged() == positions.size() ? acknowledged : positions.get(outcome.acknowledged());
            try (PageStore restarted = FaultyDiskStores.reopen(outcome.disk().root())) {
                Database database = restarted.loaded(CLUSTER, DATABASE);
                Pos recovered = database == null ? Pos.ZERO : database.pos();
                assertThat(recovered).as("power lost after change %d of %d, %d upload(s) acknowledged", point, changes,
                        outcome.acknowledged()).isIn(acknowledged, inFlight);
            }
        }
    }

    private record Outcome(FaultyFileSystem disk, int acknowledged, long changes) {
    }

    /** Runs the workload on a new disk, the power failing after {@code powerLossAfter} changes; then crashes. */
    private static Outcome run(Path directory, boolean commitLog, long powerLossAfter) throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(directory);
        PageStore store = FaultyDiskStores.open(disk, commitLog);
        long opened = disk.mutations();
        disk.powerLossAfter(powerLossAfter);
        int acknowledged = 0;
        try {
            for (String file : WORKLOAD) {
                store.upload(CLUSTER, DATABASE, new ByteArrayInputStream(Fixtures.bytes(file)), WriteGuard.NONE);
                acknowledged++;
            }
        } catch (IOException | RuntimeException powerFailed) {
            assertThat(powerLossAfter).as("only the power failure stops the workload: %s", powerFailed).isNotEqualTo(Long.MAX_VALUE);
        }
        try {
            store.close();
        } catch (IOException | RuntimeException powerFailed) {
            // the store could not finish its work: the machine is off
        }
        long changes = disk.mutations() - opened;
        disk.crash();
        return new Outcome(disk, acknowledged, changes);
    }

    private static List<Pos> positions() throws IOException {
        List<Pos> positions = new ArrayList<>();
        for (String file : WORKLOAD) {
            LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(Fixtures.bytes(file)));
            positions.add(new Pos(summary.header().maxTxId(), summary.trailer().postApplyChecksum()));
        }
        return positions;
    }
}
