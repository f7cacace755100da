package io.litevfs.server;

import io.litevfs.server.config.LiteVfsServerConfiguration;
import io.litevfs.store.PageStore;
import io.litevfs.store.lease.Leases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A page store started and stopped from Java, for tests and for applications that embed their own:
 * <pre>{@code
 * try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(dir).openAccess().start()) {
 *     String url = store.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 * It runs in its own application context with its own configuration name, so it never reads the
 * embedding application's {@code application.properties}.
 */
public final class LiteVfsServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;
    private final String host;

    private LiteVfsServer(ConfigurableApplicationContext context, String host) {
        this.context = context;
        this.host = host;
        this.port = Integer.parseInt(Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"),
                "the embedded store did not report its port"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:20202}. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The storage engine, for tests and tools in the same JVM. */
    public PageStore store() {
        return context.getBean(PageStore.class);
    }

    /** The write leases, for tests and tools in the same JVM. */
    public Leases leases() {
        return context.getBean(Leases.class);
    }

    /**
     * The store's component of that type, for tests and tools in the same JVM: for example its bucket
     * ({@code Bucket}, with the requests sent to it), absent when it keeps its history on its own disk.
     */
    public <T> Optional<T> component(Class<T> type) {
        return context.getBeanProvider(type).stream().findFirst();
    }

    @Override
    public void close() {
        context.close();
    }

    /** Settings of an embedded store; anything else can be set with {@link #property}. */
    public static final class Builder {

        private Path dataDirectory = Path.of("litevfs-data");
        private String host = "127.0.0.1";
        private int port = 0;
        private boolean open;
        private final List<String[]> tokens = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The address to bind; loopback by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Serves without tokens (loopback only). */
        public Builder openAccess() {
            this.open = true;
            return this;
        }

        /** Adds a token for one cluster, or for every cluster with {@code "*"}. */
        public Builder token(String cluster, String token) {
            tokens.add(new String[] {cluster, token});
            return this;
        }

        /**
         * Keeps every transaction for {@code transactions}, then one point per window of each level, each
         * {@code "interval:keep"} (see {@code litevfs.server.retention.levels}); none: nothing older.
         */
        public Builder retention(Duration transactions, String... levels) {
            property("litevfs.server.retention.transactions", transactions.toMillis() + "ms");
            return property("litevfs.server.retention.levels", String.join(",", levels));
        }

        /** Any other {@code litevfs.server.*}, {@code server.*} or {@code logging.*} property. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public LiteVfsServer start() {
            List<String> args = new ArrayList<>();
            args.add("--spring.config.name=" + LiteVfsServerApplication.CONFIG_NAME);
            args.add("--spring.main.banner-mode=off");
            args.add("--server.shutdown=immediate");
            args.add("--server.address=" + host);
            args.add("--server.port=" + port);
            args.add("--litevfs.server.data-dir=" + dataDirectory.toAbsolutePath());
            args.add("--litevfs.server.open=" + open);
            for (int i = 0; i < tokens.size(); i++) {
                args.add("--litevfs.server.tokens[" + i + "].cluster=" + tokens.get(i)[0]);
                args.add("--litevfs.server.tokens[" + i + "].token=" + tokens.get(i)[1]);
            }
            properties.forEach((name, value) -> args.add("--" + name + "=" + value));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(LiteVfsServerConfiguration.class)
                    .web(WebApplicationType.REACTIVE)
                    .logStartupInfo(false)
                    .registerShutdownHook(false)
                    .run(args.toArray(String[]::new));
            return new LiteVfsServer(context, host);
        }
    }
}
