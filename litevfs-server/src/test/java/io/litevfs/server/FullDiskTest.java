package io.litevfs.server;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.LtxDecoder;
import io.litevfs.testing.SmallFileSystem;
import io.litevfs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's data directory fills up: uploads get a clear 507, nothing is damaged, and all resumes once space returns. */
class FullDiskTest {

    @TempDir
    Path directory;

    @Test
    void aFullDataDirectoryRefusesUploadsCleanlyAndRecovers() throws Exception {
        try (SmallFileSystem disk = new SmallFileSystem(directory.resolve("small"), "3m");
             LiteVfsServer store = LiteVfsServer.builder().dataDirectory(disk.path().resolve("data")).openAccess().start()) {
            Http http = new Http(store.url());
            TestDatabase local = new TestDatabase(4096);
            assertThat(http.post("/db/tx?db=full", local.commit(Map.of(1, local.content(1)))).status()).isEqualTo(200);
            Pos before = local.pos();

            disk.fill(64 * 1024);
            Map<Integer, byte[]> large = new HashMap<>();
            for (int pgno = 1; pgno <= 100; pgno++) {
                large.put(pgno, local.content(pgno + 7));
            }
            TestDatabase attempt = local.copy();
            Http.Response refused = http.post("/db/tx?db=full", attempt.commit(large));
            assertThat(refused.status()).as(refused.text()).isEqualTo(507);
            assertThat(refused.code()).isEqualTo("ENOSPACE");
            assertThat(Http.JSON.treeToValue(http.get("/pos").json().get("full"), Pos.class)).isEqualTo(before);

            disk.free();
            assertThat(http.post("/db/tx?db=full", local.commit(large)).status()).isEqualTo(200);
            LtxDecoder.verify(new ByteArrayInputStream(http.get("/db/snapshot?db=full").body()));
        }
    }
}
