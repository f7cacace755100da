package io.litevfs.server.web;

import io.litevfs.protocol.wire.PageData;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A {@code GET /db/page} answer written a page at a time, as demand comes: the JSON text
 * {@code {"pages":[{"pgno":N,"data":"<base64>"},...]}}, byte for byte what serialising a
 * {@code PagesResponse} gives, without ever holding the whole text (a third larger than the pages).
 */
final class PagesAnswer {

    private PagesAnswer() {
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
