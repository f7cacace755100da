package io.litevfs.store.restore;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import io.litevfs.protocol.ltx.ReplacingTransaction;
import io.litevfs.protocol.wire.ErrorCode;
import io.litevfs.store.PageStore;
import io.litevfs.store.compaction.RetentionPolicy;
import io.litevfs.store.history.Database;
import io.litevfs.store.history.SnapshotWriter;
import io.litevfs.store.history.StoreException;
import io.litevfs.store.history.StoredFile;
import io.litevfs.store.upload.WriteGuard;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a database to a point of the history it keeps (LiteFS Cloud's {@code POST /db/restore}): the
 * content as of that point becomes the database's next transaction ({@link DatabaseReplacer}), so history
 * is not rewritten and a restore can itself be undone by restoring to a point before it.
 *
 * <p>The points kept are the positions of the history files ({@link RetentionPolicy}): every transaction
 * accepted within the transactions window, then the last transaction of each window of each level, and
 * the snapshot compaction folded older ones into. Each carries the time the store
 * accepted it (the store's clock, never a client's). A time picks the newest point accepted at or before
 * it; a time before the oldest point, or a TXID that is not a point, is {@code ENOTXID} naming the oldest
 * point; a time in the future is refused.
 */
public final class DatabaseRestorer {

    /** A kept point: the position reached by a transaction and when the store accepted it. */
    public record Point(Pos pos, Instant acceptedAt) {
    }

    private final PageStore store;
    private final DatabaseReplacer replacer;
    private final Clock clock;

    public DatabaseRestorer(PageStore store, Clock clock) {
        this.store = store;
        this.replacer = new DatabaseReplacer(store, clock);
        this.clock = clock;
    }

    /** The newest point accepted at or before {@code at}. */
    public Point pointAt(String cluster, String name, Instant at) throws IOException {
        if (at.isAfter(clock.instant())) {
            throw new StoreException(ErrorCode.EBADINPUT, "timestamp " + at + " is in the future; a restore goes back "
                    + "to a time that has passed");
        }
        List<Point> points = points(cluster, name);
        Point chosen = null;
        for (Point point : points) {
            if (!point.acceptedAt().isAfter(at)) {
                chosen = point;
            }
        }
        if (chosen == null) {
            throw notKept(name, "no point at or before " + at, points);
        }
        return chosen;
    }

    /** The point reached by transaction {@code txid}. */
    public Point pointOf(String cluster, String name, TxId txid) throws IOException {
        List<Point> points = points(cluster, name);
        for (Point point : points) {
            if (point.pos().txid().equals(txid)) {
                return point;
            }
        }
        throw notKept(name, "TXID " + txid + " is not a point of the history kept", points);
    }

    /** What a snapshot of the database as of {@code point} holds (for {@code GET /db/snapshot?txid=|timestamp=}). */
    public SnapshotWriter.Plan planAt(String cluster, String name, Point point) throws IOException {
        Database database = existing(cluster, name, false);
        StoredFile file = database.fileEndingAt(point.pos());
        if (file == null) {
            throw notKept(name, "the point " + point.pos() + " is no longer kept", points(cluster, name));
        }
        return new SnapshotWriter.Plan(database, point.pos(), file.commit(), file.header().pageSize(),
                file.header().timestamp());
    }

    /**
     * Makes the content as of {@code point} the database's next transaction, its pages read from history
     * straight into that transaction; returns the position reached.
     */
    public Pos restore(String cluster, String name, Point point, WriteGuard guard) throws IOException {
        SnapshotWriter.Plan plan = planAt(cluster, name, point);
        return replacer.replace(cluster, name, (ltx, current, currentFirstPage, timestampMs) -> {
            ReplacingTransaction.Writer writer = new ReplacingTransaction.Writer(plan.pageSize(), plan.commit(), current,
                    currentFirstPage, ltx, timestampMs);
            try {
                plan.database().forEachPage(plan.pos(), plan.commit(), writer::page);
            } catch (NoSuchFileException compactedAway) {
                throw lostMeanwhile(cluster, name, point.pos());
            } catch (StoreException e) {
                throw e.code() == ErrorCode.EPOSMISMATCH ? lostMeanwhile(cluster, name, point.pos()) : e;
            }
            writer.finish();
        }, guard);
    }

    /**
     * The refusal ({@code ENOTXID}, naming the oldest point) for a point that compaction folded or merged
     * into a coarser one while its content was being read.
     */
    public StoreException lostMeanwhile(String cluster, String name, Pos pos) {
        String what = "the point " + pos + " was folded or merged away while it was read";
        try {
            return notKept(name, what, points(cluster, name));
        } catch (IOException | RuntimeException unavailable) {
            return notKept(name, what, List.of());
        }
    }

    /** The points kept now, oldest first: the snapshot, then each file of history after it. */
    public List<Point> points(String cluster, String name) throws IOException {
        Database database = existing(cluster, name, true);
        List<Point> points = new ArrayList<>();
        for (StoredFile file : database.files()) {
            points.add(new Point(file.pos(), Instant.ofEpochMilli(file.acceptedAtMs())));
        }
        return points;
    }

    /**
     * The database, brought up to date with durable storage when {@code current} (so that the points
     * another replica made count), and in any case when this store has not seen it written: on a bucket,
     * another replica may have created it (or written its first transaction) since this one last looked.
     */
    private Database existing(String cluster, String name, boolean current) throws IOException {
        Database database = store.find(cluster, name);
        if (database != null && (current || database.pos().isZero())) {
            database.catchUp();
        }
        if (database == null || database.pos().isZero()) {
            throw new StoreException(ErrorCode.ENODB, "database " + name + " does not exist");
        }
        return database;
    }

    private static StoreException notKept(String name, String what, List<Point> points) {
        String oldest = points.isEmpty() ? "none is kept" : "the oldest kept is TXID " + points.getFirst().pos().txid()
                + ", accepted at " + points.getFirst().acceptedAt();
        return new StoreException(ErrorCode.ENOTXID, "cannot restore " + name + ": " + what + "; " + oldest);
    }
}
