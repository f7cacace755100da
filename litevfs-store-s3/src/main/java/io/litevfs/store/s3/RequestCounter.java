package io.litevfs.store.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the HTTP requests a {@link Bucket} sends, by the kind S3 bills them as, just before each is
 * transmitted: retries and every page of a listing count, as they do on the bill. A {@code GET} with a
 * {@code list-type} parameter is a listing.
 */
final class RequestCounter implements ExecutionInterceptor {

    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder lists = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder heads = new LongAdder();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        SdkHttpMethod method = request.method();
        switch (method) {
            case PUT, POST -> puts.increment();
            case GET -> (request.firstMatchingRawQueryParameter("list-type").isPresent() ? lists : gets).increment();
            case DELETE -> deletes.increment();
            case HEAD -> heads.increment();
            default -> { }
        }
    }

    BucketRequests counts() {
        return new BucketRequests(puts.sum(), gets.sum(), lists.sum(), deletes.sum(), heads.sum());
    }
}
