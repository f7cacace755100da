package io.litevfs.store.history;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.Fixtures;
import io.litevfs.store.PageStore;
import io.litevfs.store.upload.WriteGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names that differ only in case never share a directory, even on a file system that folds case (as
 * macOS and Windows do by default), and a restart maps every directory back to exactly its cluster and
 * database, directories of the earlier layout included.
 */
class NamesOnDiskTest {

    @TempDir
    Path data;

    @Test
    void theOnDiskFormsOfNamesDifferingInCaseDifferInEveryCase() {
        for (String[] pair : new String[][] {{"Demo.db", "demo.db"}, {"C1", "c1"}, {"aB", "Ab"}, {"x" + "Y".repeat(250), "x" + "y".repeat(250)}}) {
            String first = Names.directoryName(pair[0]);
            String second = Names.directoryName(pair[1]);
            assertThat(first.toLowerCase(Locale.ROOT)).as(pair[0] + " / " + pair[1]).isNotEqualTo(second.toLowerCase(Locale.ROOT));
            assertThat(first.length()).isLessThanOrEqualTo(255);
        }
        assertThat(Names.fromDisk(Names.onDisk("Mixed-Case_1.x"))).isEqualTo("Mixed-Case_1.x");
    }

    @Test
    void databasesAndClustersDifferingInCaseKeepTheirOwnPagesAcrossARestart() throws Exception {
        PageStore store = PageStore.onLocalDisk(data, Clock.systemUTC(), PositionEvents.NONE);
        Pos upper = upload(store, "C1", "Demo.db", "v1-snapshot-plain.ltx");
        upload(store, "c1", "demo.db", "v1-snapshot-lz4.ltx");
        upload(store, "c1", "Demo.db", "v1-snapshot-plain.ltx");
        try (Stream<Path> all = Files.walk(data.resolve("clusters"))) {
            java.util.List<String> paths = all.map(p -> data.relativize(p).toString()).toList();
            assertThat(paths.stream().map(p -> p.toLowerCase(Locale.ROOT)).distinct().count())
                    .as("paths stay distinct when case is folded: " + paths).isEqualTo(paths.size());
        }
        store.close();

        PageStore restarted = PageStore.onLocalDisk(data, Clock.systemUTC(), PositionEvents.NONE);
        assertThat(restarted.positions("C1")).containsOnlyKeys("Demo.db").containsEntry("Demo.db", upper);
        assertThat(restarted.positions("c1")).containsOnlyKeys("demo.db", "Demo.db");
    }

    @Test
    void directoriesOfTheEarlierLayoutAreRenamedAndServed() throws Exception {
        PageStore store = PageStore.onLocalDisk(data, Clock.systemUTC(), PositionEvents.NONE);
        Pos pos = upload(store, "Old", "Old.db", "v1-snapshot-plain.ltx");
        store.close();
        Path now = data.resolve("clusters").resolve("^old");
        Path earlier = data.resolve("clusters").resolve("Old");
        Files.move(now, earlier);
        Files.move(earlier.resolve("dbs").resolve("^old.db"), earlier.resolve("dbs").resolve("Old.db"));

        PageStore restarted = PageStore.onLocalDisk(data, Clock.systemUTC(), PositionEvents.NONE);
        assertThat(restarted.positions("Old")).containsEntry("Old.db", pos);
        assertThat(now.resolve("dbs").resolve("^old.db").resolve("NAME"))
                .hasContent("Old.db");
        assertThat(earlier).doesNotExist();
    }

    private static Pos upload(PageStore store, String cluster, String name, String fixture) throws Exception {
        return store.upload(cluster, name, new ByteArrayInputStream(Fixtures.bytes(fixture)), WriteGuard.NONE);
    }
}
