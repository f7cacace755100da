package io.litevfs.store;

import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.store.history.Database;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store killed (the machine still up) after acknowledging uploads through its commit log, started again,
 * then a power loss: the uploads survive. The killed process left its files in place but only in the page
 * cache, so the restart's replay finds each one there with the right content; it must make it durable before
 * it retires the record, or the power loss takes the file and nothing is left to write it again.
 */
class ProcessCrashThenPowerLossTest {

    private static final String CLUSTER = "c";
    private static final String DATABASE = "d";

    @TempDir
    Path root;

    @Test
    void uploadsAcknowledgedBeforeAKillSurviveAPowerLossAfterTheRestart() throws IOException {
        FaultyFileSystem firstProcess = FaultyFileSystem.over(root);
        PageStore killed = FaultyDiskStores.open(firstProcess, true);
        for (String file : new String[] {"v1-snapshot-plain.ltx", "v1-incr-plain.ltx"}) {
            killed.upload(CLUSTER, DATABASE, new ByteArrayInputStream(Fixtures.bytes(file)), WriteGuard.NONE);
        }
        FaultyFileSystem secondProcess = firstProcess.processDied();
        closeDead(killed);

        PageStore restarted = FaultyDiskStores.reopen(secondProcess.root());
        assertThat(position(restarted)).as("after the kill").isEqualTo(2);
        FaultyFileSystem afterPowerLoss = secondProcess.processDied();
        afterPowerLoss.crash();
        closeDead(restarted);

        try (PageStore rebooted = FaultyDiskStores.reopen(afterPowerLoss.root())) {
            assertThat(position(rebooted)).as("after the power loss that followed the restart").isEqualTo(2);
        }
    }

    private static long position(PageStore store) {
        Database database = store.loaded(CLUSTER, DATABASE);
        return database == null ? 0 : database.pos().txid().value();
    }

    /** Stops a dead store's threads; everything it still tries on the disk fails, as its process is gone. */
    private static void closeDead(PageStore store) {
        try {
            store.close();
        } catch (IOException | RuntimeException processGone) {
            // its last writes fail: the process no longer exists
        }
    }
}
