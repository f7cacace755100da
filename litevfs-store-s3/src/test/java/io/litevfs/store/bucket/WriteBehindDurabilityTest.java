package io.litevfs.store.bucket;

import io.litevfs.store.history.Database;
import io.litevfs.store.local.LocalHistory;
import io.litevfs.store.s3.Bucket;
import io.litevfs.store.s3.BucketSettings;
import io.litevfs.testing.FaultyFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload acknowledged from this replica's disk (write-behind) survives a power loss before it reaches
 * the bucket: its bytes, not only its directory entries ({@link FaultyFileSystem}). The bucket is never
 * reached here (nothing listens at its address); the upload stays pending.
 */
class WriteBehindDurabilityTest {

    @TempDir
    Path root;

    @Test
    void anUploadAcceptedToWriteBehindKeepsItsBytesThroughAPowerLoss() throws IOException {
        FaultyFileSystem disk = FaultyFileSystem.over(root.resolve("disk"));
        Bucket unreachable = Bucket.connect(new BucketSettings("b", "", URI.create("http://127.0.0.1:9"), "us-east-1", true));
        try (LocalHistory history = new LocalHistory(root.resolve("other"));
             WriteBehind behind = new WriteBehind(unreachable, disk.root(), Duration.ofHours(1), file -> { })) {
            Database database = new Database("c", "d", disk.root().resolve("clusters/c/dbs/d"), history, null);
            Path written = Files.createDirectories(disk.root().resolve("incoming")).resolve("upload.ltx");
            Files.writeString(written, "the upload's bytes, verified, never forced by the caller");
            Path target = disk.root().resolve("clusters/c/dbs/d/ltx/0000000000000001.ltx");

            behind.accept(database, "clusters/c/dbs/d/ltx/0000000000000001.ltx", written, target);
            disk.crash();

            assertThat(Files.readString(target)).isEqualTo("the upload's bytes, verified, never forced by the caller");
        } finally {
            unreachable.close();
        }
    }
}
