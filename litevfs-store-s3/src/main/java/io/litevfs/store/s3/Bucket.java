package io.litevfs.store.s3;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The store's view of one bucket: conditional creates and replaces, reads, listings and deletes of
 * keys under the configured prefix, through the AWS SDK's synchronous client on the JDK's own HTTP
 * connection.
 *
 * <p>Outcomes are few on purpose: a condition that does not hold is {@code false} (or null for a key
 * that does not exist); anything else that goes wrong, after the SDK's own retries, is a
 * {@link BucketUnavailableException}. A conditional create whose answer was lost and which the SDK
 * then retried would see its own object and answer 412; each create carries a random write id in its
 * metadata, so that case is recognised as the success it was.
 *
 * <p>Checksums are computed and validated only where the S3 API requires them: the SDK's default
 * (a CRC on every request since 2.30) is refused by several S3-compatible services.
 */
public final class Bucket implements AutoCloseable {

    private static final String WRITE_ID = "litevfs-write";

    private final S3Client client;
    private final BucketSettings settings;
    private final RequestCounter counter;

    private Bucket(S3Client client, BucketSettings settings, RequestCounter counter) {
        this.client = client;
        this.settings = settings;
        this.counter = counter;
    }

    public static Bucket connect(BucketSettings settings) {
        RequestCounter counter = new RequestCounter();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(region(settings))
                .overrideConfiguration(override -> override.addExecutionInterceptor(counter));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return new Bucket(builder.build(), settings, counter);
    }

    private static Region region(BucketSettings settings) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException none) {
            if (settings.endpoint() != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException("no AWS region: set litevfs.server.s3.region (or AWS_REGION)", none);
        }
    }

    public BucketSettings settings() {
        return settings;
    }

    /** The requests sent so far, by billing kind. */
    public BucketRequests requests() {
        return counter.counts();
    }

    /** Creates {@code key} from a file unless it exists; false when it does. */
    public boolean createIfAbsent(String key, Path file) {
        return createIfAbsent(key, RequestBody.fromFile(file));
    }

    /** Creates {@code key} unless it exists; false when it does. */
    public boolean createIfAbsent(String key, byte[] content) {
        return createIfAbsent(key, RequestBody.fromBytes(content));
    }

    private boolean createIfAbsent(String key, RequestBody body) {
        String writeId = UUID.randomUUID().toString();
        PutObjectRequest request = PutObjectRequest.builder().bucket(settings.bucket()).key(full(key))
                .ifNoneMatch("*").metadata(Map.of(WRITE_ID, writeId)).build();
        try {
            client.putObject(request, body);
            return true;
        } catch (S3Exception e) {
            if (isConditionFailure(e)) {
                HeadObjectResponse existing = head(key);
                return existing != null && writeId.equals(existing.metadata().get(WRITE_ID));
            }
            throw unavailable("create " + key, e);
        } catch (SdkException e) {
            throw unavailable("create " + key, e);
        }
    }

    /** Replaces {@code key} if it is still the version {@code etag} names; false otherwise. */
    public boolean replaceIfMatch(String key, byte[] content, String etag) {
        String writeId = UUID.randomUUID().toString();
        PutObjectRequest request = PutObjectRequest.builder().bucket(settings.bucket()).key(full(key))
                .ifMatch(etag).metadata(Map.of(WRITE_ID, writeId)).build();
        try {
            client.putObject(request, RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (isConditionFailure(e) || e.statusCode() == 404) {
                HeadObjectResponse existing = e.statusCode() == 404 ? null : head(key);
                return existing != null && writeId.equals(existing.metadata().get(WRITE_ID));
            }
            throw unavailable("replace " + key, e);
        } catch (SdkException e) {
            throw unavailable("replace " + key, e);
        }
    }

    /** The object, or null when there is no such key. */
    public @Nullable StoredObject get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(full(key)));
            return new StoredObject(bytes.asByteArray(), bytes.response().eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw unavailable("read " + key, e);
        } catch (SdkException e) {
            throw unavailable("read " + key, e);
        }
    }

    /** Writes the object to {@code target} (replacing it); false when there is no such key. */
    public boolean download(String key, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            client.getObject(b -> b.bucket(settings.bucket()).key(full(key)), ResponseTransformer.toFile(partial));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable("read " + key, e);
        } catch (SdkException e) {
            throw unavailable("read " + key, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Keys under {@code prefix} after {@code startAfter} (a key, or null for all), in key order. */
    public List<ListedObject> list(String prefix, @Nullable String startAfter) {
        List<ListedObject> listed = new ArrayList<>();
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(full(prefix));
        if (startAfter != null) {
            request.startAfter(full(startAfter));
        }
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request.build())) {
                for (S3Object object : page.contents()) {
                    listed.add(new ListedObject(relative(object.key()), object.size()));
                }
            }
            return listed;
        } catch (SdkException e) {
            throw unavailable("list " + prefix, e);
        }
    }

    /** The next level of "directories" under {@code prefix} (ending in {@code /}), relative to the bucket's prefix. */
    public List<String> listFolders(String prefix) {
        List<String> folders = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(full(prefix))
                .delimiter("/").build();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (CommonPrefix folder : page.commonPrefixes()) {
                    folders.add(relative(folder.prefix()));
                }
            }
            return folders;
        } catch (SdkException e) {
            throw unavailable("list " + prefix, e);
        }
    }

    /** Deletes {@code key}; nothing when it does not exist. */
    public void delete(String key) {
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(full(key)));
        } catch (SdkException e) {
            throw unavailable("delete " + key, e);
        }
    }

    /** Throws unless the bucket exists and the credentials may use it. */
    public void checkReachable() {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            throw unavailable("reach the objects", e);
        }
    }

    private @Nullable HeadObjectResponse head(String key) {
        try {
            return client.headObject(b -> b.bucket(settings.bucket()).key(full(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw unavailable("read " + key, e);
        } catch (SdkException e) {
            throw unavailable("read " + key, e);
        }
    }

    /**
     * 412 is the condition's answer; AWS answers 409 ConditionalRequestConflict when another conditional
     * write of the key is in flight, which is a lost race too.
     */
    private static boolean isConditionFailure(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private String full(String key) {
        return settings.prefix() + key;
    }

    private String relative(String key) {
        return key.startsWith(settings.prefix()) ? key.substring(settings.prefix().length()) : key;
    }

    private BucketUnavailableException unavailable(String what, SdkException e) {
        String why = e instanceof S3Exception s3 ? s3.statusCode() + " " + (s3.awsErrorDetails() == null
                ? e.getMessage() : s3.awsErrorDetails().errorCode()) : e.getMessage();
        return new BucketUnavailableException("cannot " + what + " in bucket " + settings.bucket()
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint()) + ": " + why, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
