package io.litevfs.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One real store per test class, over real HTTP on loopback, in open mode. Tests use fresh database
 * names so that they do not depend on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreTestBase {

    Path dataDirectory;
    LiteVfsServer server;
    Http http;

    @BeforeAll
    void startStore(@TempDir Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        server = configure(LiteVfsServer.builder().dataDirectory(dataDirectory).openAccess()).start();
        http = new Http(server.url());
    }

    /** Adds settings of the class's store. */
    LiteVfsServer.Builder configure(LiteVfsServer.Builder builder) {
        return builder;
    }

    @AfterAll
    void stopStore() {
        if (server != null) {
            server.close();
        }
    }

    static String freshName() {
        return "db-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
