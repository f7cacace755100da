package io.litevfs.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Where the page store this application uses is: configured ({@code litevfs.cloud.url}) or embedded.
 *
 * @param url      base URL of the store
 * @param embedded whether it runs inside this application
 * @param token    the embedded store's token, given to this application's client; null for a configured
 *                 store, whose token is {@code litevfs.cloud.token}
 */
public record LiteVfsStore(String url, boolean embedded, @Nullable String token) {

    /** Never shows the token. */
    @Override
    public String toString() {
        return "LiteVfsStore[url=" + url + ", embedded=" + embedded + ", token=" + (token == null ? "none" : "(hidden)") + "]";
    }
}
