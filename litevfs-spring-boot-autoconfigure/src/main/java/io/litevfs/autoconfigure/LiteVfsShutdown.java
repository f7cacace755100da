package io.litevfs.autoconfigure;

import io.litevfs.core.LiteVfs;
import org.springframework.context.SmartLifecycle;

/**
 * The first step of LiteVFS's shutdown, at the right moment: after the application's own web server
 * stopped taking and finished its requests (its lifecycle phases are higher, so they stop first), and
 * before the HTTP client's resources go (Reactor Netty's, phase 0), it stops following the store and
 * gives the leases back ({@link LiteVfs#stopFollowing}). The VFS itself is unregistered later, when its
 * bean is destroyed, after the DataSources opened through it closed.
 */
final class LiteVfsShutdown implements SmartLifecycle {

    /** After web servers (DEFAULT_PHASE - 1024 and - 2048), before HTTP client resources (0). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final LiteVfs liteVfs;
    private volatile boolean running;

    LiteVfsShutdown(LiteVfs liteVfs) {
        this.liteVfs = liteVfs;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        liteVfs.stopFollowing();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
