package io.litevfs.server.web;

import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.local.DiskFull;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body received whole before any storage work starts, so that a client that stalls holds
 * neither a thread nor a lock: reception is non-blocking, bounded in size ({@code ETOOLARGE}) and in the
 * gap between two parts ({@code ETIMEOUT}). A body whose announced length is small is kept in memory;
 * any other is written to a file of the store's {@code incoming} directory, deleted by {@link #discard}.
 */
abstract sealed class ReceivedBody {

    /** Bodies announced at up to this many bytes are received into memory. */
    static final int IN_MEMORY_LIMIT = 1 << 20;

    abstract InputStream open() throws IOException;

    /** How many bytes were received. */
    abstract long size() throws IOException;

    abstract void discard();

    static Mono<ReceivedBody> receive(Flux<DataBuffer> body, long announcedLength, long limit, Duration gap,
                                      Path incoming) {
        Flux<DataBuffer> bounded = bounded(body, limit, gap);
        if (announcedLength >= 0 && announcedLength <= IN_MEMORY_LIMIT) {
            return DataBufferUtils.join(bounded).map(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
                return (ReceivedBody) new InMemory(bytes);
            }).defaultIfEmpty(new InMemory(new byte[0]));
        }
        return Mono.defer(() -> DataBufferUtils.write(bounded, incoming, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)
                .then(Mono.<ReceivedBody>just(new OnDisk(incoming)))
                .onErrorMap(DiskFull::causes, e -> new StoreException(ErrorCode.ENOSPACE, "the store's disk is "
                        + "full; the upload was not kept, retry when space is freed", null, e))
                .doOnError(e -> deleteQuietly(incoming))
                .doOnCancel(() -> deleteQuietly(incoming)));
    }

    private static Flux<DataBuffer> bounded(Flux<DataBuffer> body, long limit, Duration gap) {
        AtomicLong received = new AtomicLong();
        return body.map(buffer -> {
            if (received.addAndGet(buffer.readableByteCount()) > limit) {
                DataBufferUtils.release(buffer);
                throw LimitedInputStream.tooLarge(limit);
            }
            return buffer;
        }).timeout(gap).onErrorMap(TimeoutException.class, e -> new StoreException(ErrorCode.ETIMEOUT,
                "the request body stalled for " + gap.toMillis() + " ms after " + received.get() + " bytes "
                        + "(litevfs.server.limits.body-read-timeout); nothing was kept", null, e));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the incoming file " + file, e);
        }
    }

    private static final class InMemory extends ReceivedBody {
        private final byte[] bytes;

        InMemory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        void discard() {
        }
    }

    private static final class OnDisk extends ReceivedBody {
        private final Path file;

        OnDisk(Path file) {
            this.file = file;
        }

        @Override
        InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        long size() throws IOException {
            return Files.size(file);
        }

        @Override
        void discard() {
            deleteQuietly(file);
        }
    }
}
