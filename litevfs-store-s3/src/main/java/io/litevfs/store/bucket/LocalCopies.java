package io.litevfs.store.bucket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local copies of bucket objects, bounded in bytes: the least recently used copy is deleted while
 * the copies take more than the limit (the one just added or read always stays). A deleted copy is
 * downloaded again when a read needs it; a request already reading it keeps its open file.
 */
final class LocalCopies {

    private static final Logger log = LoggerFactory.getLogger(LocalCopies.class);

    private final long limitBytes;
    private final LinkedHashMap<Path, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    LocalCopies(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Records a copy now at {@code path} (or its use), then evicts past the limit. */
    synchronized void used(Path path) throws IOException {
        Long known = sizes.get(path);
        if (known == null) {
            long size = Files.size(path);
            sizes.put(path, size);
            totalBytes += size;
        }
        evictBeyondLimit(path);
    }

    /** Forgets a copy that was deleted with the object it copied. */
    synchronized void forget(Path path) {
        Long size = sizes.remove(path);
        if (size != null) {
            totalBytes -= size;
        }
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    private void evictBeyondLimit(Path keep) {
        Iterator<Map.Entry<Path, Long>> eldest = sizes.entrySet().iterator();
        while (totalBytes > limitBytes && eldest.hasNext()) {
            Map.Entry<Path, Long> copy = eldest.next();
            if (copy.getKey().equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(copy.getKey());
            } catch (IOException e) {
                log.warn("[store] cannot delete the cached copy {}: {}", copy.getKey(), e.toString());
                continue;
            }
            totalBytes -= copy.getValue();
            eldest.remove();
        }
    }
}
