package io.litevfs.server.web;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends every {@code /events} stream when the store begins to shut down, before the web server's
 * graceful shutdown waits for requests to finish (its phase is lower, so it stops after this): a stream
 * never finishes by itself, and would otherwise hold the shutdown for its whole timeout.
 */
@Component
final class EventStreamsShutdown implements SmartLifecycle {

    /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final EventStreams events;
    private volatile boolean running;

    EventStreamsShutdown(EventStreams events) {
        this.events = events;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        events.close();
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
