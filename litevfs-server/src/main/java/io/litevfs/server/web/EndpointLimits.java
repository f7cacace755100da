package io.litevfs.server.web;

import java.time.Duration;

/**
 * What the endpoints bound per request, as the store's configuration sets it (each error names its
 * {@code litevfs.server.*} property).
 *
 * @param maxUploadSize          largest {@code POST /db/tx} body, in bytes
 * @param bodyReadTimeout        longest gap between two parts of a request body
 * @param maxPageAnswerSize      largest {@code GET /db/page} answer, in bytes of page data
 * @param maxPageAnswerMemory    page bytes all answers on their way may hold together
 * @param maxSnapshotsPerCluster snapshots one cluster may have on their way at once
 * @param sendTimeout            longest time an answer may take to be taken by its client
 * @param maxLeaseDuration       longest lease a client may ask for
 */
public record EndpointLimits(long maxUploadSize, Duration bodyReadTimeout, long maxPageAnswerSize,
                             long maxPageAnswerMemory, int maxSnapshotsPerCluster, Duration sendTimeout,
                             Duration maxLeaseDuration) {
}
