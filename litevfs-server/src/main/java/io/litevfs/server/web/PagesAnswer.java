package io.litevfs.server.web;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PageFrames;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A {@code GET /db/page} answer written a page at a time, as demand comes: the JSON text
 * {@code {"pages":[{"pgno":N,"data":"<base64>"},...]}}, byte for byte what serialising a
 * {@code PagesResponse} gives, without ever holding the whole text (a third larger than the pages); or,
 * for a client that asks for it, the same pages framed in binary ({@link PageFrames}). A client that asks
 * with {@code checksums=true} gets each page's checksum with it.
 */
final class PagesAnswer {

    private PagesAnswer() {
    }

    /** The pages framed in binary ({@link PageFrames}), each with its checksum when {@code checked}, a page a buffer. */
    static Flux<DataBuffer> binary(List<PageData> pages, boolean checked, DataBufferFactory buffers) {
        return Flux.range(0, pages.size()).map(i -> {
            PageData page = pages.get(i);
            ByteBuffer frame = ByteBuffer.allocate(PageFrames.frameHeaderSize(checked) + page.data().length);
            PageFrames.frame(page, frame, checked);
            return buffers.wrap(frame.flip());
        }).startWith(buffers.wrap(PageFrames.header(pages.size(), checked)));
    }

    /** The pages in JSON, each with its {@code "checksum"} after its data when {@code checked}. */
    static Flux<DataBuffer> of(List<PageData> pages, boolean checked, DataBufferFactory buffers) {
        return Flux.range(0, pages.size() + 1).map(i -> {
            if (i == pages.size()) {
                return buffers.wrap("]}".getBytes(StandardCharsets.US_ASCII));
            }
            PageData page = pages.get(i);
            String head = (i == 0 ? "{\"pages\":[" : ",") + "{\"pgno\":" + page.pgno() + ",\"data\":\"";
            byte[] encoded = Base64.getEncoder().encode(page.data());
            String tail = checked ? "\",\"checksum\":\"" + Checksum.of(page.checksum()) + "\"}" : "\"}";
            DataBuffer buffer = buffers.allocateBuffer(head.length() + encoded.length + tail.length());
            buffer.write(head.getBytes(StandardCharsets.US_ASCII));
            buffer.write(encoded);
            buffer.write(tail.getBytes(StandardCharsets.US_ASCII));
            return buffer;
        }).startWith(pages.isEmpty() ? Flux.just(buffers.wrap("{\"pages\":[".getBytes(StandardCharsets.US_ASCII)))
                : Flux.empty());
    }
}
