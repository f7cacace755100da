package io.litevfs.store.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks that a bucket keeps the promises the store's ordering rests on, on keys of its own under
 * {@code conformance/} that it removes afterwards:
 * <ol>
 *   <li>a create with {@code If-None-Match: *} of a key that exists fails;</li>
 *   <li>a replace with an {@code If-Match} that names another version fails, and one naming the
 *       current version succeeds;</li>
 *   <li>of several creators racing for one key, exactly one wins.</li>
 * </ol>
 * Run at every start of a store on S3 (a handful of small requests); a bucket that fails it would let
 * two replicas both commit one transaction, so the store refuses to start on it.
 */
public final class BucketConformance {

    private static final int RACERS = 8;

    private BucketConformance() {
    }

    /** @throws IllegalStateException naming the promise the bucket broke */
    public static void check(Bucket bucket) {
        String base = "conformance/" + UUID.randomUUID() + "/";
        List<String> written = new ArrayList<>();
        try {
            String once = base + "create-once";
            written.add(once);
            require(bucket.createIfAbsent(once, bytes("first")), "a create of a new key failed");
            require(!bucket.createIfAbsent(once, bytes("second")),
                    "a second create with If-None-Match: * of one key succeeded (conditional creates are not supported)");
            StoredObject current = bucket.get(once);
            if (current == null || !new String(current.content(), StandardCharsets.UTF_8).equals("first")) {
                throw broken("a conditional create replaced the existing object");
            }
            require(!bucket.replaceIfMatch(once, bytes("stale"), "\"0123456789abcdef0123456789abcdef\""),
                    "a replace with If-Match naming another version succeeded (conditional replaces are not supported)");
            require(bucket.replaceIfMatch(once, bytes("third"), current.etag()),
                    "a replace with If-Match naming the current version failed");
            String raced = base + "race";
            written.add(raced);
            require(racersThatWin(bucket, raced) == 1, "racing creators of one key did not have exactly one winner");
        } finally {
            written.forEach(bucket::delete);
        }
    }

    private static int racersThatWin(Bucket bucket, String key) {
        ExecutorService racers = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                byte[] content = bytes("racer " + i);
                outcomes.add(racers.submit(() -> {
                    start.await();
                    return bucket.createIfAbsent(key, content);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            return winners;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the bucket", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            racers.shutdownNow();
        }
    }

    private static void require(boolean promise, String broken) {
        if (!promise) {
            throw broken(broken);
        }
    }

    private static IllegalStateException broken(String promise) {
        return new IllegalStateException("the bucket fails the store's conformance check: " + promise);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
