package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;

/**
 * Adjusts the {@link LiteVfs.Builder} before the VFS is registered; applied in {@code @Order}.
 */
@FunctionalInterface
public interface LiteVfsCustomizer {

    void customize(LiteVfs.Builder builder);
}
