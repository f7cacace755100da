package io.litevfs.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cache directory belongs to one LiteVFS instance at a time: a second one, in another process or in
 * this one, is refused with the directory, the holder and the setting to change; the directory is free
 * again once its instance closes or its process dies.
 */
class CacheDirectoryLockTest {

    @TempDir
    Path directory;

    @Test
    void aSecondProcessOnTheSameCacheDirectoryIsRefusedUntilTheFirstDies() throws Exception {
        try (StoreFixture store = new StoreFixture(directory)) {
            Path cache = directory.resolve("shared-cache");
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process other = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                    store.url(), cache.toString(), "lock-holder")
                    .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("holder.log").toFile()))
                    .start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream()))) {
                String line;
                do {
                    line = lines.readLine();
                } while (line != null && !line.equals("READY"));
                assertThat(line).as("the other process started writing").isEqualTo("READY");
                assertThatThrownBy(() -> LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("lock-second")
                        .register())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(cache.toAbsolutePath().toString())
                        .hasMessageContaining("process " + other.pid())
                        .hasMessageContaining("litevfs.cache.directory")
                        .hasMessageContaining("LITEVFS_CACHE_DIR");
            } finally {
                other.destroyForcibly().waitFor();
            }
            try (LiteVfs after = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("lock-after").register()) {
                assertThat(after.name()).isEqualTo("lock-after");
            }
        }
    }

    @Test
    void twoInstancesOfOneProcessNeedTwoDirectories() {
        try (StoreFixture store = new StoreFixture(directory)) {
            Path cache = directory.resolve("one-cache");
            try (LiteVfs first = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("lock-first").register()) {
                assertThatThrownBy(() -> LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("lock-other")
                        .register())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("another LiteVFS instance in this process");
                assertThat(first.name()).isEqualTo("lock-first");
            }
            try (LiteVfs reopened = LiteVfs.builder().storeUrl(store.url()).cacheDirectory(cache).vfsName("lock-first")
                    .register()) {
                assertThat(reopened.name()).isEqualTo("lock-first");
            }
        }
    }
}
