package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /db/upload}: a plain SQLite file becomes a database's content as one new transaction,
 * checked first, under the lease rules, without rewriting history.
 */
class ImportTest extends StoreTestBase {

    private static final int PAGE_SIZE = 4096;

    @Test
    void aFileBecomesANewDatabaseAtItsFirstTransaction() {
        String db = freshName();
        byte[] image = image(3, 1);
        Http.Response answer = http.post("/db/upload?db=" + db, image);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("txID").asString()).isEqualTo("0000000000000001");
        assertThat(http.get("/db/snapshot?db=" + db + "&format=sqlite").body()).isEqualTo(image);
    }

    @Test
    void aFileReplacesADatabaseAsItsNextTransactionAndTheOldPositionsStayReadable() {
        String db = freshName();
        TestDatabase local = new TestDatabase(PAGE_SIZE);
        assertThat(http.post("/db/tx?db=" + db, local.commit(Map.of(1, local.content(1), 2, local.content(2),
                3, local.content(3), 4, local.content(4)))).status()).isEqualTo(200);
        Pos before = local.pos();
        byte[] image = image(2, 2);
        Http.Response answer = http.post("/db/upload?db=" + db, image);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("txID").asString()).isEqualTo("0000000000000002");

        byte[] now = http.get("/db/snapshot?db=" + db + "&format=sqlite").body();
        assertThat(now).hasSize(2 * PAGE_SIZE);
        assertThat(Arrays.copyOfRange(now, PAGE_SIZE, 2 * PAGE_SIZE)).isEqualTo(Arrays.copyOfRange(image, PAGE_SIZE, 2 * PAGE_SIZE));
        ByteBuffer firstPage = ByteBuffer.wrap(now);
        ByteBuffer replaced = ByteBuffer.wrap(local.page(1));
        assertThat(firstPage.getInt(24)).as("the change counter moved past the replaced database's")
                .isGreaterThan(replaced.getInt(24));
        assertThat(Arrays.copyOfRange(now, 100, PAGE_SIZE)).isEqualTo(Arrays.copyOfRange(image, 100, PAGE_SIZE));
        assertThat(http.get("/db/page?db=" + db + "&pos=" + before + "&pgno=4").status())
                .as("history is not rewritten").isEqualTo(200);
    }

    @Test
    void aFileThatIsNotADatabaseOrIsCutShortIsRefusedAndNothingIsKept() {
        String db = freshName();
        Http.Response notSqlite = http.post("/db/upload?db=" + db, new byte[2 * PAGE_SIZE]);
        assertThat(notSqlite.status()).isEqualTo(400);
        assertThat(notSqlite.code()).isEqualTo("EBADINPUT");
        assertThat(notSqlite.text()).contains("not a SQLite database");
        byte[] image = image(2, 3);
        Http.Response cut = http.post("/db/upload?db=" + db, Arrays.copyOf(image, image.length - 100));
        assertThat(cut.status()).isEqualTo(400);
        assertThat(cut.text()).contains("not a whole number of 4096-byte pages");
        assertThat(http.get("/pos").json().has(db)).as("no database was made").isFalse();
    }

    @Test
    void anotherWritersLeaseRefusesItUnlessItIsNamed() {
        String db = freshName();
        String lease = http.post("/lease?db=" + db + "&duration=60000", new byte[0]).json().get("id").asString();
        Http.Response refused = http.post("/db/upload?db=" + db, image(1, 4));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("ELEASEEXISTS");
        assertThat(http.with("Lfsc-Lease-Id", lease).post("/db/upload?db=" + db, image(1, 4)).status()).isEqualTo(200);
    }

    /** A SQLite image of {@code pages} pages: page 1 starts with a database header naming the page size. */
    private static byte[] image(int pages, long seed) {
        byte[] image = new byte[pages * PAGE_SIZE];
        new Random(seed).nextBytes(image);
        byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, image, 0, magic.length);
        ByteBuffer header = ByteBuffer.wrap(image);
        header.putShort(16, (short) PAGE_SIZE);
        header.putInt(24, 7);
        header.putInt(92, 7);
        header.putInt(40, 3);
        header.putInt(28, pages);
        return image;
    }
}
