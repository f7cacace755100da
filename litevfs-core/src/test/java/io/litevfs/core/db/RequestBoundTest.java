package io.litevfs.core.db;

import io.litevfs.core.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound's three moments, on a real b-tree: no slack means every request takes what the original's
 * would; a request the original made that we did not is slack, spent on fetching less; a speculative
 * request needs slack of its own.
 */
class RequestBoundTest {

    private static final int PER_REQUEST = 1024;

    @Test
    void withoutSlackAMissTakesEveryPageTheOriginalHasAndWeLack(@TempDir Path directory) throws Exception {
        Tree tree = Tree.build(directory, 3000);
        RequestBound bound = new RequestBound();
        Set<Integer> ours = new HashSet<>();
        IntPredicate needed = page -> !ours.contains(page);

        missOnPageOneThenTheRoot(bound, ours, needed, tree);
        int child = tree.children.first();
        bound.observe(child, false, needed, PER_REQUEST);
        int[] required = bound.requiredWith(child, PER_REQUEST, 0);
        assertThat(required).as("the original asks for every child: so must we, being no request ahead")
                .hasSize(tree.children.size() - 1);
        assertThat(bound.maySpeculate(PER_REQUEST)).as("no slack, no request on speculation").isFalse();
    }

    @Test
    void aRequestTheOriginalMadeAndWeDidNotBuysFetchingOnlyWhatIsRead(@TempDir Path directory) throws Exception {
        Tree tree = Tree.build(directory);
        RequestBound bound = new RequestBound();
        Set<Integer> ours = new HashSet<>(Set.of(1));
        IntPredicate needed = page -> !ours.contains(page);

        assertThat(bound.observe(1, true, needed, PER_REQUEST)).as("page 1 came with the open's sync").isEmpty();
        bound.read(1, tree.page(1));
        bound.observe(tree.root, false, needed, PER_REQUEST);
        assertThat(bound.requiredWith(tree.root, PER_REQUEST, 0)).as("one request ahead: the other roots may wait").isEmpty();
        send(bound, ours, tree.root, new int[0]);
        bound.read(tree.root, tree.page(tree.root));
        int child = tree.children.first();
        bound.observe(child, false, needed, PER_REQUEST);
        assertThat(bound.requiredWith(child, PER_REQUEST, 0)).as("still one ahead: the siblings may wait").isEmpty();
        assertThat(bound.requiredWith(child, PER_REQUEST, tree.children.size())).as("unless they are a small debt, settled now")
                .hasSize(tree.children.size() - 1);
        send(bound, ours, child, new int[0]);

        int sibling = tree.children.last();
        assertThat(bound.observe(sibling, false, needed, PER_REQUEST)).isEmpty();
        int[] bite = bound.requiredWith(sibling, PER_REQUEST, 0);
        assertThat(bite).as("a page the original has and we lack: everything owed comes with it, spending the slack")
                .hasSizeGreaterThanOrEqualTo(tree.children.size() - 2);
        send(bound, ours, sibling, bite);
        int another = tree.children.higher(tree.children.first());
        assertThat(ours).as("nothing owed is left: the next read is no miss of ours").contains(another);
    }

    @Test
    void aCatchUpIsSentWhenTheOriginalsRequestsOutgrowTheSlack(@TempDir Path directory) throws Exception {
        Tree tree = Tree.build(directory);
        RequestBound bound = new RequestBound();
        Set<Integer> ours = new HashSet<>(Set.of(1, tree.root));
        IntPredicate needed = page -> !ours.contains(page);
        bound.observe(1, true, needed, 3);
        bound.read(1, tree.page(1));
        bound.observe(tree.root, true, needed, 3);
        bound.read(tree.root, tree.page(tree.root));
        int child = tree.children.first();
        ours.add(child);
        int[] catchUp = bound.observe(child, true, needed, 3);
        assertThat(catchUp).as("three requests of the original against none of ours, but more owed than two requests "
                + "of three pages fetch").isNotEmpty();
    }

    /** A cold node's first reads, each a miss of both sides sent with what the bound requires: page 1, then the root. */
    private static void missOnPageOneThenTheRoot(RequestBound bound, Set<Integer> ours, IntPredicate needed, Tree tree)
            throws Exception {
        for (int pgno : new int[] {1, tree.root}) {
            assertThat(bound.observe(pgno, false, needed, PER_REQUEST)).as("no catch-up").isEmpty();
            send(bound, ours, pgno, bound.requiredWith(pgno, PER_REQUEST, 0));
            bound.read(pgno, tree.page(pgno));
        }
    }

    private static void send(RequestBound bound, Set<Integer> ours, int pgno, int[] required) {
        long[] request = new long[required.length + 1];
        request[0] = pgno;
        ours.add(pgno);
        for (int i = 0; i < required.length; i++) {
            request[i + 1] = required[i];
            ours.add(required[i]);
        }
        bound.sent(request);
    }

    /** A table of two levels in a real SQLite file: its root and the root's children. */
    private record Tree(Path file, int root, TreeSet<Integer> children) {

        static Tree build(Path directory) throws Exception {
            return build(directory, 3000);
        }

        static Tree build(Path directory, int rows) throws Exception {
            Path file = directory.resolve("tree.db");
            SqliteFiles.sql(file, "create table t(id integer primary key, v text)",
                    "with recursive n(i) as (select 1 union all select i + 1 from n where i < " + rows + ") "
                            + "insert into t select i, printf('%.*c', 200, 'v') from n");
            int root = 2;
            TreeSet<Integer> children = OriginalPrefetch.candidatesOf(root, SqliteFiles.page(file, root));
            assertThat(children).hasSizeGreaterThan(10);
            return new Tree(file, root, children);
        }

        byte[] page(int pgno) throws Exception {
            return SqliteFiles.page(file, pgno);
        }
    }
}
