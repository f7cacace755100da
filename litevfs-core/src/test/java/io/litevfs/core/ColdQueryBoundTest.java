package io.litevfs.core;

import io.litevfs.core.WorkloadCorpus.Kind;
import io.litevfs.core.WorkloadCorpus.Query;
import io.litevfs.core.WorkloadCorpus.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property the read path is built to hold, over the whole generated corpus ({@link WorkloadCorpus}):
 * every query, run on an empty cache with the default settings, makes no more page requests than the
 * original LiteVFS would for the same reads (the model of it that runs beside the pager, see
 * {@code OriginalPrefetch}), answers exactly what plain SQLite answers on the same file, and runs within the
 * default request budget wherever the original runs within its own. Over the corpus, the page bytes
 * received are no more than the original's. Counts are exact for a given corpus, so the rules are
 * asserted, not sampled; the table printed is what a reader looks at when one fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColdQueryBoundTest {

    /**
     * The benchmarks' full scale (200,000 orders, 7-70 MB a shape): b-trees of three and four levels whose
     * levels are far larger than a request of the original, where a small corpus showed none of the cases
     * that once broke the rule. About a minute.
     */
    private static final int ORDERS = 200_000;
    private static final int DEFAULT_BUDGET = 64;

    private Path directory;
    private StoreFixture store;
    private LiteVfs node;
    private final List<Shape> shapes = new WorkloadCorpus(ORDERS).shapes();

    private record Outcome(Shape shape, Query query, long ours, long ourBytes, long original, long originalBytes,
                           boolean overBudget) {
    }

    @BeforeAll
    void buildAndUpload(@TempDir Path directory) throws Exception {
        this.directory = directory;
        store = new StoreFixture(directory);
        for (Shape shape : shapes) {
            Path file = directory.resolve(shape.name() + ".db");
            WorkloadCorpus.build(shape, file);
            store.upload(shape.name() + ".db", file);
        }
        node = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(store.cacheDirectory("corpus")).vfsName("corpus")
                .register();
    }

    @AfterAll
    void stop() {
        node.close();
        store.close();
    }

    @Test
    void everyQueryMakesNoMoreRequestsThanTheOriginalAndAnswersAsPlainSqliteDoes() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (Shape shape : shapes) {
            for (Query query : shape.queries()) {
                outcomes.add(run(shape, query, broken));
            }
        }
        print(outcomes);
        assertThat(shapes).hasSizeGreaterThanOrEqualTo(8).allSatisfy(shape -> assertThat(shape.queries()).hasSizeGreaterThanOrEqualTo(30));
        assertThat(broken).as("queries whose answer differs from plain SQLite's, or that failed within the original's budget")
                .isEmpty();
        assertThat(outcomes.stream().filter(outcome -> outcome.ours() > outcome.original())
                .map(outcome -> outcome.shape().name() + " " + outcome.query().key() + ": " + outcome.ours() + " requests, the "
                        + "original " + outcome.original()))
                .as("queries making more requests than the original").isEmpty();
        long ourBytes = outcomes.stream().mapToLong(Outcome::ourBytes).sum();
        long originalBytes = outcomes.stream().mapToLong(Outcome::originalBytes).sum();
        assertThat(ourBytes).as("page bytes over the corpus against the original's").isLessThanOrEqualTo(originalBytes);
    }

    private Outcome run(Shape shape, Query query, List<String> broken) throws Exception {
        String database = shape.name() + ".db";
        Path reference = directory.resolve(database);
        if (node.database(database).isPresent()) {
            node.dropCache(database);
        }
        DatabaseStatus before = node.database(database).orElse(null);
        List<String> expected = answer(DriverManager.getConnection("jdbc:sqlite:" + reference), query, "plain-" + shape.name());
        List<String> actual = null;
        String failure = null;
        try {
            actual = answer(DriverManager.getConnection(node.jdbcUrl(database)), query, "ours-" + shape.name());
        } catch (SQLException e) {
            failure = e.getMessage() + " / " + LiteVfs.lastError();
        }
        DatabaseStatus after = node.database(database).orElseThrow();
        long ours = after.remoteRequests() - (before == null ? 0 : before.remoteRequests());
        long original = after.originalRequests() - (before == null ? 0 : before.originalRequests());
        long originalPages = after.originalPages() - (before == null ? 0 : before.originalPages());
        long ourBytes = after.bytesFetched() - (before == null ? 0 : before.bytesFetched());
        boolean overBudget = original > DEFAULT_BUDGET;
        if (failure != null && !overBudget) {
            broken.add(shape.name() + " " + query.key() + ": failed (" + failure + ")");
        } else if (failure == null && !expected.equals(actual)) {
            broken.add(shape.name() + " " + query.key() + ": answered " + abbreviate(actual) + " where plain SQLite answers "
                    + abbreviate(expected));
        }
        return new Outcome(shape, query, ours, ourBytes, original, originalPages * shape.pageSize(), overBudget);
    }

    /** The rows of the query; for {@code VACUUM INTO}, what the copy it wrote holds. */
    private List<String> answer(Connection connection, Query query, String copyName) throws SQLException, IOException {
        try (connection; Statement statement = connection.createStatement()) {
            if (query.sql().equals("vacuum into")) {
                Path copy = directory.resolve(copyName + "-" + System.nanoTime() + ".db");
                statement.execute("vacuum into 'file:" + copy + "?vfs=unix'");
                List<String> rows = new ArrayList<>();
                for (String table : List.of("region", "customer", "orders")) {
                    rows.addAll(StoreFixture.query(copy, "select count(*), total(id) from " + table));
                }
                Files.delete(copy);
                return rows;
            }
            return StoreFixture.rows(connection, query.sql());
        }
    }

    private static String abbreviate(List<String> rows) {
        String text = String.valueOf(rows);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static void print(List<Outcome> outcomes) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-14s %-20s %9s %9s %12s %12s%n", "shape", "query",
                "ours", "original", "our KiB", "orig KiB"));
        for (Outcome o : outcomes) {
            table.append(String.format(Locale.ROOT, "%-14s %-20s %9d %9d %12d %12d%s%s%n", o.shape().name(), o.query().key(),
                    o.ours(), o.original(), o.ourBytes() / 1024, o.originalBytes() / 1024,
                    o.overBudget() ? "  (original over budget)" : "",
                    o.query().kind() == Kind.POINT && o.ourBytes() * 5 > o.originalBytes() ? "  (point: bytes > 1/5)" : ""));
        }
        System.out.print(table);
    }
}
