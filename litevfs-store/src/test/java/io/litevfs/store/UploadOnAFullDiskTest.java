package io.litevfs.store;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.local.StoreLayout;
import io.litevfs.store.upload.WriteGuard;
import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An upload that meets a full disk at any point is refused with {@code ENOSPACE} and changes nothing: the
 * database stays at its position, no temporary file is left, the store goes on serving, and the same upload
 * succeeds once space is freed; a database the upload would have created is not left behind. Every byte budget from none to more than the upload needs is played
 * ({@link FaultyFileSystem}), through the commit log and without it.
 */
class UploadOnAFullDiskTest {

    private static final String CLUSTER = "c";
    private static final String DATABASE = "d";

    @TempDir
    Path root;

    @ParameterizedTest(name = "commit log {0}")
    @ValueSource(booleans = {true, false})
    void aFullDiskRefusesTheUploadAndChangesNothing(boolean commitLog) throws IOException {
        byte[] second = Fixtures.bytes("v1-incr-plain.ltx");
        int refused = 0;
        for (long budget = 0; budget <= 2L * second.length; budget += 64) {
            FaultyFileSystem disk = FaultyFileSystem.over(root.resolve("budget-" + budget));
            try (PageStore store = FaultyDiskStores.open(disk, commitLog)) {
                Pos first = upload(store, "v1-snapshot-plain.ltx");
                disk.diskFullAfter(budget);
                try {
                    upload(store, "v1-incr-plain.ltx");
                } catch (StoreException e) {
                    assertThat(e.code()).as("budget %d: %s", budget, e.getMessage()).isEqualTo(ErrorCode.ENOSPACE);
                    refused++;
                    assertThat(store.loaded(CLUSTER, DATABASE).pos()).as("budget %d", budget).isEqualTo(first);
                    assertThat(leftovers(disk.root())).as("budget %d: temporary files", budget).isEmpty();
                    disk.freeSpace();
                    upload(store, "v1-incr-plain.ltx");
                }
                assertThat(store.loaded(CLUSTER, DATABASE).pos().txid().value()).isEqualTo(2);
            }
            try (PageStore reopened = FaultyDiskStores.reopen(disk.root())) {
                assertThat(reopened.loaded(CLUSTER, DATABASE).pos().txid().value()).as("budget %d, reopened", budget).isEqualTo(2);
            }
        }
        assertThat(refused).as("budgets too small for the upload").isPositive();
    }

    @ParameterizedTest(name = "commit log {0}")
    @ValueSource(booleans = {true, false})
    void aFirstUploadRefusedForSpaceLeavesNoDatabase(boolean commitLog) throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(root);
        try (PageStore store = FaultyDiskStores.open(disk, commitLog)) {
            disk.diskFullAfter(0);
            assertThatThrownBy(() -> upload(store, "v1-snapshot-plain.ltx")).isInstanceOf(StoreException.class)
                    .extracting(e -> ((StoreException) e).code()).isEqualTo(ErrorCode.ENOSPACE);
            assertThat(store.loaded(CLUSTER, DATABASE)).isNull();
            assertThat(StoreLayout.of(disk.root()).database(CLUSTER, DATABASE)).as("its directory").doesNotExist();
        }
    }

    private static Pos upload(PageStore store, String fixture) throws IOException {
        return store.upload(CLUSTER, DATABASE, new ByteArrayInputStream(Fixtures.bytes(fixture)), WriteGuard.NONE);
    }

    private static java.util.List<Path> leftovers(Path data) throws IOException {
        Path temporary = StoreLayout.temporary(StoreLayout.of(data).database(CLUSTER, DATABASE));
        if (!Files.isDirectory(temporary)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(temporary)) {
            return files.toList();
        }
    }
}
