package io.litevfs.core;

import io.litevfs.core.cloud.CloudOptions;
import io.litevfs.core.cloud.Resilience;
import io.litevfs.core.cloud.WebClientCloudClient;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.protocol.wire.PageData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static io.litevfs.core.StoreFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node serves only pages it can vouch for. Behind a faulty store or a man in the middle, each kind of
 * damaged page answer makes the query fail with an error that says what was wrong, and nothing of the
 * answer is kept: once the store is honest again the same node answers right, and so does a new instance on
 * the same cache. Each tamper keeps what a faulty store would keep (the checksum it recorded), or makes
 * the answer consistent with itself where a store could (page 1 cut short with its checksum recomputed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileStoreTest {

    private static final String DATABASE = "hostile.db";
    private static final String QUERY = "select count(*), sum(length(v)), max(v) from t";

    private Path directory;
    private StoreFixture store;
    private Pos older;
    private Pos current;
    private List<String> expected;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        this.directory = directory;
        store = new StoreFixture(directory);
        Path file = directory.resolve("plain.db");
        SqliteFiles.sql(file, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                        + "insert into t(v) select 'first ' || i || printf('%.200c', 'x') from n");
        older = store.upload(DATABASE, file);
        SqliteFiles.sql(file, "update t set v = 'second ' || id || printf('%.200c', 'y')");
        current = store.upload(DATABASE, file);
        expected = StoreFixture.query(file, QUERY);
    }

    @AfterAll
    void stop() {
        store.close();
    }

    @Test
    void bytesDamagedOnTheWayAreRefused() throws Exception {
        assertRefusedThenHealed("flipped", pages -> map(pages, page -> {
            byte[] data = page.data().clone();
            data[data.length / 2] ^= 0x40;
            return new PageData(page.pgno(), data, page.checksum());
        }), "does not match its checksum");
    }

    @Test
    void pagesLabelledWithEachOthersNumbersAreRefused() throws Exception {
        assertRefusedThenHealed("swapped", pages -> {
            if (pages.size() < 2) {
                return pages;
            }
            List<PageData> swapped = new ArrayList<>(pages);
            PageData first = pages.get(0);
            PageData second = pages.get(1);
            swapped.set(0, new PageData(second.pgno(), first.data(), first.checksum()));
            swapped.set(1, new PageData(first.pgno(), second.data(), second.checksum()));
            return swapped;
        }, "does not match its checksum");
    }

    @Test
    void theContentOfAnOlderPositionServedAsCurrentIsRefused() throws Exception {
        Map<Long, byte[]> olderPages = new HashMap<>();
        tampering().honestPages(DATABASE, older, LongStream.rangeClosed(1, 1000).toArray())
                .forEach(page -> olderPages.put(page.pgno(), page.data()));
        assertRefusedThenHealed("older", pages -> map(pages,
                page -> new PageData(page.pgno(), olderPages.get(page.pgno()), page.checksum())), "does not match its checksum");
    }

    @Test
    void pageOneCutShortIsRefusedEvenWithItsChecksumRecomputed() throws Exception {
        assertRefusedThenHealed("cut", pages -> map(pages, page -> {
            if (page.pgno() != 1) {
                return page;
            }
            byte[] cut = Arrays.copyOf(page.data(), 512);
            return new PageData(1, cut, PageChecksum.of(1, cut));
        }), "page 1 is 512 bytes long but declares pages of 4096");
    }

    @Test
    void aPageLeftOutIsAnErrorNeverZerosOrAnEmptyDatabase() throws Exception {
        assertRefusedThenHealed("left-out", pages -> pages.isEmpty() ? pages : pages.subList(1, pages.size()),
                "the store left page 1 out of its answer at position " + current + ", though the database has it");
    }

    @Test
    void aPageNeverAskedForIsRefusedAndNeverSizesTheCache() throws Exception {
        byte[] zeros = new byte[4096];
        assertRefusedThenHealed("unasked", pages -> {
            List<PageData> relabelled = new ArrayList<>(pages);
            relabelled.set(pages.size() - 1, new PageData(400_000_000L, zeros, PageChecksum.of(400_000_000, zeros)));
            return relabelled;
        }, "page 400000000 was not asked for");
    }

    @Test
    void pagesWithoutChecksumsAreRefused() throws Exception {
        assertRefusedThenHealed("unchecked", pages -> map(pages, page -> new PageData(page.pgno(), page.data())),
                "came without its checksum");
    }

    /**
     * A store that lies consistently (a page's bytes and its checksum made up together) cannot be caught by
     * a read; the lie shows when a commit read from it is refused as not adding up (EBADCHECKSUM). The node
     * then fetches every page again by itself: the retry lands and the database reads right, no hand on
     * the cache.
     */
    @Test
    void aCacheThatDisagreesWithTheStoreRepairsItselfWhenACommitIsRefused() throws Exception {
        String database = "repaired.db";
        Path file = directory.resolve("repaired.db");
        SqliteFiles.sql(file, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 500) "
                        + "insert into t(v) select 'row ' || i || printf('%.100c', 'x') from n");
        store.upload(database, file);
        TamperingCloudClient client = tampering();
        client.tamperPages(consistentLieAbout(java.nio.file.Files.size(file) / 4096));
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                .cacheDirectory(directory.resolve("cache-repaired")).vfsName("hostile-repaired").register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl(database))) {
            List<String> truth = StoreFixture.query(file, "select sum(length(v)), group_concat(v) from t");
            assertThat(rows(connection, "select sum(length(v)), group_concat(v) from t")).as("the lie is read")
                    .isNotEqualTo(truth);
            client.honest();
            rows(connection, "pragma litevfs_acquire_lease");
            assertThatThrownBy(() -> rows(connection, "insert into t(v) values ('after') returning id"))
                    .isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).contains("EBADCHECKSUM").contains("fetched again");
            assertThat(rows(connection, "insert into t(v) values ('after') returning id")).containsExactly("501");
            rows(connection, "pragma litevfs_release_lease");
            SqliteFiles.sql(file, "insert into t(v) values ('after')");
            assertThat(rows(connection, "select sum(length(v)), group_concat(v) from t"))
                    .isEqualTo(StoreFixture.query(file, "select sum(length(v)), group_concat(v) from t"));
            assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
        }
    }

    /**
     * {@code PRAGMA litevfs_verify} checks the whole database as the node reads it against its position's
     * checksum: "ok" on an honest cache; a consistent lie taken into the cache is found and repaired, and
     * the node then reads right.
     */
    @Test
    void verifyFindsAndRepairsACacheThatDisagreesWithTheStore() throws Exception {
        TamperingCloudClient client = tampering();
        client.tamperPages(consistentLieAbout(10));
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                .cacheDirectory(directory.resolve("cache-verified")).vfsName("hostile-verified").register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE))) {
            rows(connection, "pragma litevfs_cache_db");
            String lied = "select count(*) from t where v glob '*x*'";
            assertThat(rows(connection, lied)).as("the lie is read: one 'y' of the second version read as 'x'")
                    .containsExactly("1");
            client.honest();
            assertThat(rows(connection, "pragma litevfs_verify")).singleElement().asString()
                    .startsWith("repaired: the cache differed from the store at position " + current);
            assertThat(rows(connection, QUERY)).isEqualTo(expected);
            assertThat(rows(connection, lied)).containsExactly("0");
            assertThat(rows(connection, "pragma litevfs_verify")).singleElement().asString()
                    .startsWith("ok: ").endsWith("match position " + current);
            assertThat(node.verify(DATABASE)).startsWith("ok: ");
        }
    }

    /**
     * A commit that gets no answer, however often it is sent, may have landed or not: it fails with its own
     * code (not a plain I/O error, not a position mismatch to retry), saying not to run it again as it is.
     */
    @Test
    void aCommitThatGetsNoAnswerFailsAsOutcomeUnknown() throws Exception {
        TamperingCloudClient client = tampering();
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                .cacheDirectory(directory.resolve("cache-unanswered")).vfsName("hostile-unanswered").register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE))) {
            rows(connection, "pragma litevfs_acquire_lease");
            client.loseUploads();
            assertThatThrownBy(() -> rows(connection, "insert into t(v) values ('lost?') returning id"))
                    .isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastErrorCode()).isEqualTo(io.litevfs.core.vfs.SqliteCodes.IOERR_OUTCOME_UNKNOWN);
            assertThat(LiteVfs.lastError()).contains("may or may not have landed").contains("Do not run it again as it is");
            client.honest();
            rows(connection, "pragma litevfs_release_lease");
            assertThat(rows(connection, "select count(*) from t where id > 3000")).as("it did not land").containsExactly("0");
        }
    }

    /**
     * Answers of what changed are input too: a list that leaves out a changed page, or gives a page a checksum
     * that is not its own, does not add up to the new position's checksum and is refused; page numbers that
     * are not pages are refused (the node stays where it is and says why); and a list of millions of page
     * numbers is taken as "everything changed", which costs the node no more memory than any other answer.
     */
    @Test
    void malformedAnswersOfWhatChangedNeitherBreakNorBloatTheNode() throws Exception {
        String database = "changes.db";
        Path file = directory.resolve("changes.db");
        SqliteFiles.sql(file, "create table t(id integer primary key, v text)",
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 500) "
                        + "insert into t(v) select 'first ' || i from n");
        Pos first = store.upload(database, file);
        TamperingCloudClient client = tampering();
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client)
                .cacheDirectory(directory.resolve("cache-changes")).vfsName("hostile-changes").register();
             Connection connection = DriverManager.getConnection(node.jdbcUrl(database))) {
            assertThat(rows(connection, "select count(*) from t where v like 'first%'")).containsExactly("500");
            client.tamperChanges(changes -> {
                List<Long> pgnos = changes.pgnos();
                if (pgnos == null || pgnos.isEmpty()) {
                    return changes;
                }
                int kept = pgnos.size() - 1;
                return io.litevfs.protocol.wire.DbChanges.pages(changes.pos(), pgnos.subList(0, kept),
                        changes.before().subList(0, kept), changes.after().subList(0, kept));
            });
            SqliteFiles.sql(file, "update t set v = 'second ' || id where id % 2 = 0");
            Pos second = store.upload(database, file);
            assertThatThrownBy(() -> node.syncNow(database)).hasMessageContaining("do not add up to the checksum of " + second)
                    .hasMessageContaining("a changed page was left out");
            assertThat(node.database(database).orElseThrow().position()).as("a changed page left out").isEqualTo(first);
            client.tamperChanges(changes -> {
                List<io.litevfs.protocol.Checksum> after = new ArrayList<>(changes.after());
                after.set(0, io.litevfs.protocol.Checksum.of(after.get(0).value() ^ 1));
                return io.litevfs.protocol.wire.DbChanges.pages(changes.pos(), changes.pgnos(), changes.before(), after);
            });
            assertThatThrownBy(() -> node.syncNow(database)).hasMessageContaining("do not add up");
            assertThat(node.database(database).orElseThrow().position()).as("a checksum made up").isEqualTo(first);

            client.tamperChanges(changes -> io.litevfs.protocol.wire.DbChanges.pages(changes.pos(), List.of(-1L, 2L)));
            assertThatThrownBy(() -> node.syncNow(database)).hasMessageContaining("page number -1 is not a page")
                    .hasMessageContaining("the node stays where it is");
            assertThat(node.database(database).orElseThrow().position()).isEqualTo(first);

            List<Long> millions = LongStream.rangeClosed(1, 3_000_000).boxed().toList();
            client.tamperChanges(changes -> io.litevfs.protocol.wire.DbChanges.pages(changes.pos(), millions));
            node.syncNow(database);
            assertThat(node.database(database).orElseThrow().position()).isEqualTo(second);
            assertThat(node.database(database).orElseThrow().cache().pages()).as("taken as everything: nothing kept")
                    .isZero();
            client.honest();
            assertThat(rows(connection, "select count(*) from t where v like 'first%'")).containsExactly("250");
        }
    }

    private void assertRefusedThenHealed(String name, UnaryOperator<List<PageData>> tamper, String why) throws Exception {
        Path cache = directory.resolve("cache-" + name);
        TamperingCloudClient client = tampering();
        client.tamperPages(tamper);
        try (LiteVfs node = LiteVfs.builder().storeUrl(store.url()).cloudClient(client).cacheDirectory(cache)
                .vfsName("hostile-" + name).register()) {
            assertThatThrownBy(() -> {
                try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE))) {
                    rows(connection, QUERY);
                }
            }).isInstanceOf(SQLException.class);
            assertThat(LiteVfs.lastError()).as("what the node says").contains(why);
            client.honest();
            try (Connection connection = DriverManager.getConnection(node.jdbcUrl(DATABASE))) {
                assertThat(rows(connection, QUERY)).as("the same node, the store honest again").isEqualTo(expected);
                rows(connection, "pragma litevfs_max_reqs_per_query = 65536");
                assertThat(rows(connection, "pragma integrity_check")).containsExactly("ok");
                assertThat(rows(connection, "pragma litevfs_position").getFirst()).startsWith(current.txid().toString());
            }
        }
        try (LiteVfs again = LiteVfs.builder().storeUrl(store.url()).cloudClient(tampering()).cacheDirectory(cache)
                .vfsName("hostile-" + name + "-again").register();
             Connection connection = DriverManager.getConnection(again.jdbcUrl(DATABASE))) {
            assertThat(rows(connection, QUERY)).as("a new instance on the same cache").isEqualTo(expected);
        }
    }

    private TamperingCloudClient tampering() {
        return new TamperingCloudClient(WebClientCloudClient.create(
                new CloudOptions(URI.create(store.url()), null, null, Duration.ofSeconds(10), Resilience.DEFAULTS)));
    }

    /**
     * A store lying consistently about page {@code pgno}: one bit near its end (in the cell content, where
     * text lives) changed, and the checksum made up to match, as only the store itself could.
     */
    private static UnaryOperator<List<PageData>> consistentLieAbout(long pgno) {
        return pages -> map(pages, page -> {
            if (page.pgno() != pgno) {
                return page;
            }
            byte[] lie = page.data().clone();
            lie[lie.length - 20] ^= 0x01;
            return new PageData(page.pgno(), lie, PageChecksum.of((int) page.pgno(), lie));
        });
    }

    private static List<PageData> map(List<PageData> pages, UnaryOperator<PageData> change) {
        return pages.stream().map(change).toList();
    }
}
