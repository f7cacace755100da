package io.litevfs.store.local;

import io.litevfs.protocol.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The file-system store's commit log: what makes a small upload durable with one {@code fdatasync}
 * instead of creating, syncing and renaming a file and syncing its directory.
 *
 * <p>Two preallocated files, {@code log-0} and {@code log-1}, each a header (magic, generation) and
 * records (magic, generation, the target file's path relative to the data directory, its content, a
 * CRC-32C of all three). Appends go to the active file, each forced with {@code force(false)}: the file
 * never changes size, so only its data is flushed. The target file itself is then renamed into place
 * without any sync, and becomes durable later.
 *
 * <p>Checkpoints (every {@code interval}, or at once when the active file is full) switch the active
 * file, writing the other's header with the next generation (which retires its old records), then force
 * every target file recorded in the file just left, and their directories. Invariant: every record
 * whose target file may not be durable yet is in a file whose header names its generation; the switch
 * back to a file waits until the targets of its previous records were forced.
 *
 * <p>At start-up ({@link #open}) the records of both files are read in generation order up to the first
 * torn or stale one (a crash mid-append leaves a record whose CRC fails: that upload was never
 * acknowledged), and each target that is missing or differs is written again durably. Both headers then
 * start new generations, so replayed records are never replayed twice; a clean {@link #close} retires
 * both files the same way, so a clean restart replays nothing.
 */
final class CommitLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitLog.class);
    private static final int MAGIC = 0x4C56434C;
    private static final int FILE_HEADER = 12;
    private static final int RECORD_HEADER = 24;

    private final Path root;
    private final long capacity;
    private final FileChannel[] files = new FileChannel[2];
    private final List<List<Path>> recorded = List.of(new ArrayList<>(), new ArrayList<>());
    private final ScheduledExecutorService checkpointer;
    private int active;
    private long position = FILE_HEADER;
    private long generation;
    private boolean forcing;

    private CommitLog(Path root, long capacity, Duration interval) {
        this.root = root;
        this.capacity = capacity;
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("litevfs-commit-log").daemon().factory());
        long millis = interval.toMillis();
        checkpointer.scheduleWithFixedDelay(this::checkpointQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the log under {@code root}/commit-log, first writing again, durably, every target of a
     * record that may not have reached the disk. When the disk has no room for the two files, they are
     * removed again (after the replay) and the failure thrown.
     *
     * @param capacity bytes of each of the two files; a record is at most half of it
     */
    static CommitLog open(Path root, long capacity, Duration interval) throws IOException {
        Path directory = StoreLayout.of(root).commitLog();
        DurableFiles.createDirectories(directory);
        CommitLog commitLog = new CommitLog(root, capacity, interval);
        long newest = 0;
        List<Replayed> replayed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            commitLog.files[i] = OwnerOnly.open(directory.resolve("log-" + i), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            newest = Math.max(newest, commitLog.read(commitLog.files[i], replayed));
        }
        replayed.sort((a, b) -> Long.compare(a.generation(), b.generation()));
        int rewritten = 0;
        for (Replayed record : replayed) {
            rewritten += commitLog.restore(record) ? 1 : 0;
        }
        if (rewritten > 0) {
            log.info("[store] commit log: {} file(s) of acknowledged uploads written again after a crash", rewritten);
        }
        try {
            for (int i = 0; i < 2; i++) {
                preallocate(commitLog.files[i], directory, capacity);
            }
        } catch (IOException e) {
            commitLog.checkpointer.shutdownNow();
            for (int i = 0; i < 2; i++) {
                commitLog.files[i].close();
                Files.deleteIfExists(directory.resolve("log-" + i));
            }
            throw e;
        }
        commitLog.generation = newest + 1;
        writeHeader(commitLog.files[1], commitLog.generation);
        commitLog.generation++;
        writeHeader(commitLog.files[0], commitLog.generation);
        return commitLog;
    }

    /** Whether a file of {@code size} bytes goes through the log (larger ones are synced on their own). */
    boolean takes(long size) {
        return RECORD_HEADER + 1024 + size <= capacity / 2;
    }

    /** Puts a file in place once its content is in the log. */
    @FunctionalInterface
    interface Placement {
        void place() throws IOException;
    }

    /**
     * Makes {@code content}, the future content of {@code target}, durable, then has {@code placement} put
     * the file there, under the log's lock: a checkpoint that forces the targets of a file left always finds
     * them in place.
     */
    synchronized void append(Path target, byte[] content, Placement placement) throws IOException {
        byte[] path = root.relativize(target.toAbsolutePath()).toString().getBytes(StandardCharsets.UTF_8);
        long size = RECORD_HEADER + path.length + content.length;
        if (position + size > capacity) {
            while (forcing) {
                waitForForcing();
            }
            List<Path> left = switchFiles();
            forceAll(left);
        }
        CRC32C crc = new CRC32C();
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER).putInt(MAGIC).putLong(generation).putInt(path.length)
                .putInt(content.length);
        crc.update(header.array(), 4, 16);
        crc.update(path);
        crc.update(content);
        header.putInt((int) crc.getValue()).flip();
        FileChannel file = files[active];
        long at = position;
        at += writeFully(file, header, at);
        at += writeFully(file, ByteBuffer.wrap(path), at);
        at += writeFully(file, ByteBuffer.wrap(content), at);
        file.force(false);
        position = at;
        placement.place();
        recorded.get(active).add(target.toAbsolutePath());
    }

    private void waitForForcing() throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the commit log was being checkpointed", e);
        }
    }

    /** Switches the active file; returns the targets recorded in the one left, still to be forced. */
    private List<Path> switchFiles() throws IOException {
        int other = 1 - active;
        generation++;
        writeHeader(files[other], generation);
        List<Path> left = new ArrayList<>(recorded.get(active));
        recorded.get(active).clear();
        active = other;
        position = FILE_HEADER;
        return left;
    }

    /** One checkpoint: the targets of the file left are forced outside the lock while appends go on. */
    void checkpoint() throws IOException {
        List<Path> left;
        synchronized (this) {
            if (forcing || recorded.get(active).isEmpty()) {
                return;
            }
            left = switchFiles();
            forcing = true;
        }
        try {
            forceAll(left);
        } finally {
            synchronized (this) {
                forcing = false;
                notifyAll();
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            log.error("[store] commit log checkpoint failed; retrying next time (the log still holds the uploads)", e);
        }
    }

    private static void forceAll(List<Path> targets) throws IOException {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path target : targets) {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (java.nio.file.NoSuchFileException foldedAway) {
                continue;
            }
            directories.add(DurableFiles.parentOf(target));
        }
        for (Path directory : directories) {
            DurableFiles.forceDirectory(directory);
        }
    }

    private record Replayed(long generation, String path, byte[] content) {
    }

    /** Reads one file's valid records into {@code into}; returns its generation. */
    private long read(FileChannel file, List<Replayed> into) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        if (file.read(header, 0) < FILE_HEADER || header.getInt(0) != MAGIC) {
            return 0;
        }
        long fileGeneration = header.getLong(4);
        long at = FILE_HEADER;
        long size = file.size();
        while (at + RECORD_HEADER <= size) {
            ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER);
            file.read(record, at);
            int pathLength = record.getInt(12);
            int contentLength = record.getInt(16);
            if (record.getInt(0) != MAGIC || record.getLong(4) != fileGeneration || pathLength <= 0 || contentLength < 0
                    || at + RECORD_HEADER + (long) pathLength + contentLength > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(pathLength + contentLength);
            file.read(body, at + RECORD_HEADER);
            CRC32C crc = new CRC32C();
            crc.update(record.array(), 4, 16);
            crc.update(body.array());
            if ((int) crc.getValue() != record.getInt(20)) {
                break;
            }
            into.add(new Replayed(fileGeneration, new String(body.array(), 0, pathLength, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(body.array(), pathLength, body.capacity())));
            at += RECORD_HEADER + pathLength + contentLength;
        }
        return fileGeneration;
    }

    /**
     * Writes a record's target again, durably, unless it is there with that content; true if written. One
     * that is there may be there only in the page cache (the process died, not the machine), so it is
     * made durable before the new generation retires its record.
     */
    private boolean restore(Replayed record) throws IOException {
        Path target = root.resolve(record.path()).normalize();
        if (!target.startsWith(root.normalize())) {
            log.warn("[store] commit log: ignoring a record for {}, outside the data directory", record.path());
            return false;
        }
        if (Files.exists(target) && Files.size(target) == record.content().length
                && Arrays.equals(Files.readAllBytes(target), record.content())) {
            DurableFiles.makeDurable(target, root);
            return false;
        }
        DurableFiles.createDirectories(DurableFiles.parentOf(target));
        DurableFiles.writeAtomically(target, record.content());
        return true;
    }

    /** Gives the file its whole size in written blocks, so that appends never change its size or allocation. */
    private static void preallocate(FileChannel file, Path directory, long capacity) throws IOException {
        if (file.size() < capacity) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
            for (long at = file.size(); at < capacity; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
                writeFully(file, zeros, at);
            }
            file.force(true);
            DurableFiles.forceDirectory(directory);
        }
    }

    private static void writeHeader(FileChannel file, long generation) throws IOException {
        writeFully(file, ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putLong(generation).flip(), 0);
        file.force(false);
    }

    private static int writeFully(FileChannel file, ByteBuffer buffer, long at) throws IOException {
        int written = 0;
        while (buffer.hasRemaining()) {
            written += file.write(buffer, at + written);
        }
        return written;
    }

    @Override
    public void close() throws IOException {
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            while (forcing) {
                waitForForcing();
            }
            forceAll(switchFiles());
            generation++;
            writeHeader(files[1 - active], generation);
        }
        for (FileChannel file : files) {
            file.close();
        }
    }
}
