package io.litevfs.autoconfigure;

/**
 * Where the page store this application uses is: configured ({@code litevfs.cloud.url}) or embedded.
 *
 * @param url      base URL of the store
 * @param embedded whether it runs inside this application
 */
public record LiteVfsStore(String url, boolean embedded) {
}
