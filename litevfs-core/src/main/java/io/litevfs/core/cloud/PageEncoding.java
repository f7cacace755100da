package io.litevfs.core.cloud;

/**
 * How the client asks for pages ({@code GET /db/page}): in the store's binary framing, the default, which
 * a store that does not offer it answers with JSON all the same; or in JSON only, as LiteFS Cloud gave them.
 */
public enum PageEncoding {
    /** {@code Accept: application/vnd.litevfs.pages, application/json;q=0.5}: pages as they are, JSON if that is all. */
    BINARY,
    /** {@code Accept: application/json}: pages in base64, a third larger. */
    JSON
}
