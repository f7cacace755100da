package io.litevfs.demo;

import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;

/** Addresses of a demo application a test started on a random port. */
final class RunningDemo {

    private RunningDemo() {
    }

    /** The URI of {@code path} on the application's web server. */
    static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }
}
