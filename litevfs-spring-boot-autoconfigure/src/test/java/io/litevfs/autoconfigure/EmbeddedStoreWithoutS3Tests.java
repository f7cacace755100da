package io.litevfs.autoconfigure;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.ClassUtils;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application that embeds a store has the store on local disk and no S3 client: the S3 backend is
 * optional in litevfs-server. Asking that store for a bucket stops its start-up, naming what is missing.
 */
class EmbeddedStoreWithoutS3Tests {

    @TempDir
    Path data;

    @Test
    void theEmbeddedStoreBringsNoS3Client() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(ClassUtils.isPresent("io.litevfs.store.PageStore", loader)).isTrue();
        assertThat(ClassUtils.isPresent("io.litevfs.store.s3.Bucket", loader)).isFalse();
        assertThat(ClassUtils.isPresent("software.amazon.awssdk.services.s3.S3Client", loader)).isFalse();

        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(data).openAccess().start()) {
            assertThat(store.store().databases()).isEmpty();
        }
    }

    @Test
    void aBucketWithoutTheS3BackendIsRefusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> LiteVfsServer.builder().dataDirectory(data).openAccess()
                .property("litevfs.server.storage", "s3").property("litevfs.server.s3.bucket", "b").start())
                .rootCause().hasMessageContaining("litevfs.server.storage=s3").hasMessageContaining("litevfs-store-s3");
    }
}
