package io.litevfs.server.web;

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
 * for a client that asks for it, the same pages framed in binary ({@link PageFrames}).
 */
final class PagesAnswer {

    private PagesAnswer() {
    }

    /** The pages framed in binary ({@link PageFrames}), a page a buffer. */
    static Flux<DataBuffer> binary(List<PageData> pages, DataBufferFactory buffers) {
        return Flux.range(0, pages.size()).map(i -> {
            PageData page = pages.get(i);
            ByteBuffer frame = ByteBuffer.allocate(PageFrames.FRAME_HEADER_SIZE + page.data().length);
            PageFrames.frame(page, frame);
            return buffers.wrap(frame.flip());
        }).startWith(buffers.wrap(PageFrames.header(pages.size())));
    }

    static Flux<DataBuffer> of(List<PageData> pages, DataBufferFactory buffers) {
        return Flux.range(0, pages.size() + 1).map(i -> {
            if (i == pages.size()) {
                return buffers.wrap("]}".getBytes(StandardCharsets.US_ASCII));
            }
            PageData page = pages.get(i);
            String head = (i == 0 ? "{\"pages\":[" : ",") + "{\"pgno\":" + page.pgno() + ",\"data\":\"";
            byte[] encoded = Base64.getEncoder().encode(page.data());
            DataBuffer buffer = buffers.allocateBuffer(head.length() + encoded.length + 2);
            buffer.write(head.getBytes(StandardCharsets.US_ASCII));
            buffer.write(encoded);
            buffer.write("\"}".getBytes(StandardCharsets.US_ASCII));
            return buffer;
        }).startWith(pages.isEmpty() ? Flux.just(buffers.wrap("{\"pages\":[".getBytes(StandardCharsets.US_ASCII)))
                : Flux.empty());
    }
}
