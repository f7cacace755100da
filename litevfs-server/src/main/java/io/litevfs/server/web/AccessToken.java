package io.litevfs.server.web;

/**
 * One access token as the store's configuration gives it.
 *
 * @param cluster the cluster it opens, or {@code *} for every cluster (the request then names one)
 * @param token   sent verbatim in {@code Authorization}
 */
public record AccessToken(String cluster, String token) {
}
