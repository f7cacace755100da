package io.litevfs.core;

import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.core.cloud.LtxUpload;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.DbChanges;
import io.litevfs.protocol.wire.PageData;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The real client behind a faulty store or a man in the middle: while a tamper is set, every page answer
 * and every sync answer passes through it before the node sees it, and uploads can be lost on the way.
 * Everything else passes untouched.
 */
final class TamperingCloudClient extends ForwardingCloudClient {

    private volatile UnaryOperator<List<PageData>> pages = UnaryOperator.identity();
    private volatile UnaryOperator<DbChanges> changes = UnaryOperator.identity();
    private volatile boolean uploadsUnanswered;

    TamperingCloudClient(CloudClient delegate) {
        super(delegate);
    }

    /** From now on, every page answer becomes what {@code tamper} makes of it. */
    void tamperPages(UnaryOperator<List<PageData>> tamper) {
        this.pages = tamper;
    }

    /** From now on, every answer of what changed becomes what {@code tamper} makes of it. */
    void tamperChanges(UnaryOperator<DbChanges> tamper) {
        this.changes = tamper;
    }

    /** From now on, every upload is lost on its way, as on a connection reset before any answer. */
    void loseUploads() {
        uploadsUnanswered = true;
    }

    /** The store is honest again. */
    void honest() {
        pages = UnaryOperator.identity();
        changes = UnaryOperator.identity();
        uploadsUnanswered = false;
    }

    /** The pages as the store really answers them, untouched. */
    List<PageData> honestPages(String database, Pos pos, long... pgnos) {
        return delegate.pages(database, pos, pgnos).block();
    }

    @Override
    public Mono<List<PageData>> pages(String database, Pos pos, long[] pgnos) {
        UnaryOperator<List<PageData>> tamper = pages;
        return delegate.pages(database, pos, pgnos).map(tamper);
    }

    @Override
    public Mono<DbChanges> changes(String database, Pos since) {
        return changes(database, since, false);
    }

    /** The changes tampered with as changes are, and page 1 given with them as pages are. */
    @Override
    public Mono<DbChanges> changes(String database, Pos since, boolean withPage1) {
        UnaryOperator<DbChanges> tamper = changes;
        UnaryOperator<List<PageData>> tamperPages = pages;
        return delegate.changes(database, since, withPage1).map(tamper).map(answer -> {
            PageData page1 = answer.firstPage();
            if (page1 == null) {
                return answer;
            }
            List<PageData> tampered = tamperPages.apply(List.of(page1));
            return tampered.isEmpty() ? answer.withoutPage1() : answer.withPage1(tampered.getFirst());
        });
    }

    @Override
    public Mono<Map<String, DbChanges>> sync(Map<String, Pos> positions) {
        UnaryOperator<DbChanges> tamper = changes;
        return delegate.sync(positions).map(answer -> {
            Map<String, DbChanges> tampered = new java.util.HashMap<>();
            answer.forEach((database, change) -> tampered.put(database, tamper.apply(change)));
            return tampered;
        });
    }

    @Override
    public Mono<String> upload(String database, String leaseId, LtxUpload ltx) {
        return uploadsUnanswered
                ? Mono.error(new CloudException(0, "ECONNRESET", "POST /db/tx: connection reset (by the test)", null, null))
                : delegate.upload(database, leaseId, ltx);
    }
}
