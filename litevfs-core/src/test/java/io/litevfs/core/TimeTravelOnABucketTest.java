package io.litevfs.core;

import io.litevfs.server.LiteVfsServer;
import io.litevfs.testing.S3Server;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link TimeTravelTest} on a store whose history is in a bucket, the writer on one replica and the
 * travelling reader on another: the points and their pages come from the bucket.
 */
class TimeTravelOnABucketTest extends TimeTravelTest {

    @Override
    List<String> startStores(Path directory) throws Exception {
        S3Server.credentials();
        S3Server s3 = closedAtEnd(S3Server.start(directory.resolve("s3")));
        LiteVfsServer writing = closedAtEnd(replica(s3, directory, "writing"));
        LiteVfsServer reading = closedAtEnd(replica(s3, directory, "reading"));
        return List.of(writing.url(), reading.url());
    }

    private static LiteVfsServer replica(S3Server s3, Path directory, String name) {
        LiteVfsServer.Builder builder = LiteVfsServer.builder().dataDirectory(directory.resolve("replica-" + name))
                .openAccess().property("litevfs.server.s3.poll-interval", "100ms");
        s3.storeProperties("time-travel/").forEach(builder::property);
        return builder.start();
    }
}
