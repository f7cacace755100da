package io.litevfs.core.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.TreeSet;

import static io.litevfs.core.SqliteFiles.integer;
import static io.litevfs.core.SqliteFiles.page;
import static io.litevfs.core.SqliteFiles.sql;
import static org.assertj.core.api.Assertions.assertThat;

/** The model of the original LiteVFS's prefetching, on pages of real SQLite files. */
class OriginalPrefetchTest {

    @Test
    void aMissOnAChildOfTheLastInteriorPageReadAsksForEveryChildAtOnce(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("t.db");
        sql(file, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into t select i, printf('%.*c', 200, 'v') from n");
        int root = integer(file, "select rootpage from sqlite_schema where name = 't'");
        byte[] interior = page(file, root);
        TreeSet<Integer> children = OriginalPrefetch.candidatesOf(root, interior);
        assertThat(children).as("a table interior page's children, the right-most included").hasSizeGreaterThan(100);

        OriginalPrefetch model = new OriginalPrefetch();
        assertThat(model.beforeRead(1)).as("page 1 alone").containsExactly(1);
        model.afterRead(1, page(file, 1), true);
        assertThat(model.beforeRead(root)).as("a root named on page 1: every root comes").contains(root);
        model.afterRead(root, interior, true);
        int child = children.first();
        int[] request = model.beforeRead(child);
        assertThat(request).hasSize(children.size()).startsWith(child);
        assertThat(model.beforeRead(children.last())).as("cached by then").isNull();
        assertThat(model.requests()).isEqualTo(3);
        model.afterRead(child, page(file, child), true);
        assertThat(model.beforeRead(children.last() + 1)).as("a leaf leaves the candidates as they are; a page not among "
                + "them comes alone").containsExactly(children.last() + 1);
    }

    @Test
    void rootsAbove127AreReadAsTheOriginalReadsThem(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("roots.db");
        sql(file, "create table early(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) "
                        + "insert into early select i, printf('%.*c', 300, 'e') from n",
                "create table late(id integer primary key)");
        int early = integer(file, "select rootpage from sqlite_schema where name = 'early'");
        int late = integer(file, "select rootpage from sqlite_schema where name = 'late'");
        assertThat(late).as("created after 2,000 rows: its root is far in the file").isGreaterThan(127);
        TreeSet<Integer> roots = OriginalPrefetch.candidatesOf(1, page(file, 1));
        assertThat(roots).contains(early).doesNotContain(late);
    }

    @Test
    void aSyncMakesTheChangedCachedPagesTheCandidates() {
        OriginalPrefetch model = new OriginalPrefetch();
        for (int pgno = 1; pgno <= 5; pgno++) {
            model.beforeRead(pgno);
        }
        model.changed(new int[] {2, 4, 9});
        assertThat(model.isCached(2)).isFalse();
        assertThat(model.beforeRead(4)).as("the changed pages it held come together").containsExactly(4, 2);
        model.empty();
        assertThat(model.beforeRead(1)).containsExactly(1);
    }
}
