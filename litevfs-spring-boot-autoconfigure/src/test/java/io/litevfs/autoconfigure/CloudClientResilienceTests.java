package io.litevfs.autoconfigure;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.litevfs.core.cloud.CloudClient;
import io.litevfs.core.cloud.CloudException;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PageFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured store client under faults a real store rarely shows on demand: retries for
 * failures that may pass and none for the store's answers, timeouts, bodies that are not what they
 * should be, and the circuit breaker opening and closing.
 */
class CloudClientResilienceTests {

    @TempDir
    Path directory;

    private final WireMockServer store = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeEach
    void start() {
        store.start();
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteVfsAutoConfiguration.class))
                .withPropertyValues("litevfs.cloud.url=" + store.baseUrl(), "litevfs.cloud.request-timeout=300ms",
                        "litevfs.resilience.retry-backoff=10ms", "litevfs.resilience.minimum-number-of-calls=4",
                        "litevfs.resilience.wait-duration-in-open-state=500ms", "litevfs.sync.mode=poll",
                        "litevfs.cache.directory=" + directory, "litevfs.vfs-name=resilience-" + System.nanoTime());
    }

    /**
     * A store answering 503, then 502, then its positions, counted atomically: WireMock's scenarios move
     * on only after they answered, and a retry that came within a few milliseconds (seen: 2 ms) was
     * answered 503 again, so the call ran out of attempts at random.
     */
    @Test
    void retriesFailuresThatMayPass() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer flaky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        flaky.createContext("/pos", exchange -> {
            int request = requests.incrementAndGet();
            byte[] body = request > 2 ? "{}".getBytes(StandardCharsets.US_ASCII) : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(request == 1 ? 503 : request == 2 ? 502 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        flaky.start();
        try {
            contextRunner().withPropertyValues("litevfs.cloud.url=http://127.0.0.1:" + flaky.getAddress().getPort())
                    .run(context -> {
                        assertThat(context.getBean(CloudClient.class).positions().block()).isEmpty();
                        assertThat(requests.get()).isEqualTo(3);
                    });
        } finally {
            flaky.stop(0);
        }
    }

    @Test
    void doesNotRetryTheStoresAnswer() {
        store.stubFor(get(urlPathEqualTo("/db/sync")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"ENODB\",\"error\":\"database not found\"}")));
        contextRunner().run(context -> {
            assertThatExceptionOfType(CloudException.class)
                    .isThrownBy(() -> context.getBean(CloudClient.class).changes("x.db", Pos.ZERO).block())
                    .satisfies(e -> assertThat(e.code()).isEqualTo("ENODB"))
                    .withMessage("database not found");
            store.verify(1, getRequestedFor(urlPathEqualTo("/db/sync")));
        });
    }

    @Test
    void keepsTheTextOfErrorBodiesThatAreNotJson() {
        store.stubFor(get(urlPathEqualTo("/pos")).willReturn(aResponse().withStatus(500).withBody("<html>proxy exploded</html>")));
        contextRunner().run(context -> assertThatExceptionOfType(CloudException.class)
                .isThrownBy(() -> context.getBean(CloudClient.class).positions().block())
                .satisfies(e -> assertThat(e.code()).isEqualTo("EHTTP500"))
                .withMessageContaining("proxy exploded"));
    }

    @Test
    void asksForBinaryPagesAndReadsTheJsonOfAStoreThatDoesNotOfferThem() {
        store.stubFor(get(urlPathEqualTo("/db/page")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"pages\":[{\"pgno\":3,\"data\":\"" + Base64.getEncoder().encodeToString(new byte[512]) + "\"}]}")));
        contextRunner().run(context -> {
            List<PageData> pages = context.getBean(CloudClient.class).pages("x.db", Pos.of(1, 1), new long[] {3}).block();
            assertThat(pages).singleElement().satisfies(page -> {
                assertThat(page.pgno()).isEqualTo(3);
                assertThat(page.data()).hasSize(512);
            });
            store.verify(getRequestedFor(urlPathEqualTo("/db/page"))
                    .withHeader("Accept", containing(PageFrames.MEDIA_TYPE))
                    .withHeader("Accept", containing("application/json")));
        });
    }

    @Test
    void pagesRefusedAsTooLongARequestLineAreAskedForInHalves() {
        store.stubFor(get(urlPathEqualTo("/db/page")).withQueryParam("pgno", containing(","))
                .willReturn(aResponse().withStatus(414)));
        for (int pgno : new int[] {3, 4, 5}) {
            store.stubFor(get(urlPathEqualTo("/db/page")).withQueryParam("pgno", equalTo(Integer.toString(pgno)))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"pages\":[{\"pgno\":"
                            + pgno + ",\"data\":\"" + Base64.getEncoder().encodeToString(new byte[512]) + "\"}]}")));
        }
        contextRunner().run(context -> {
            List<PageData> pages = context.getBean(CloudClient.class).pages("x.db", Pos.of(1, 1), new long[] {3, 4, 5}).block();
            assertThat(pages).extracting(PageData::pgno).containsExactly(3L, 4L, 5L);
            store.verify(2, getRequestedFor(urlPathEqualTo("/db/page")).withQueryParam("pgno", containing(",")));
        });
    }

    @Test
    void aMalformedBinaryPageAnswerIsUnreadableAndNotRetried() {
        store.stubFor(get(urlPathEqualTo("/db/page")).willReturn(aResponse().withHeader("Content-Type", PageFrames.MEDIA_TYPE)
                .withBody(new byte[] {'L', 'V', 'P', 'G', 0, 0, 0, 1, 0, 0, 0, 3})));
        contextRunner().run(context -> {
            assertThatExceptionOfType(CloudException.class)
                    .isThrownBy(() -> context.getBean(CloudClient.class).pages("x.db", Pos.of(1, 1), new long[] {3}).block())
                    .satisfies(e -> assertThat(e.code()).isEqualTo(CloudException.BAD_RESPONSE))
                    .withMessageContaining("cut short in the header of page 1 of 1");
            store.verify(1, getRequestedFor(urlPathEqualTo("/db/page")));
        });
    }

    @Test
    void reportsUnreadableAnswersWithoutRetrying() {
        store.stubFor(get(urlPathEqualTo("/pos")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"db\": {\"txid\": 12")));
        contextRunner().run(context -> {
            assertThatExceptionOfType(CloudException.class)
                    .isThrownBy(() -> context.getBean(CloudClient.class).positions().block())
                    .satisfies(e -> assertThat(e.code()).isEqualTo(CloudException.BAD_RESPONSE));
            store.verify(1, getRequestedFor(urlPathEqualTo("/pos")));
        });
    }

    @Test
    void anAnswerCutAfterItsHeadersMayPassAndIsAskedAgain() {
        store.stubFor(get(urlPathEqualTo("/pos")).inScenario("cut").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)).willSetStateTo("whole"));
        store.stubFor(get(urlPathEqualTo("/pos")).inScenario("cut").whenScenarioStateIs("whole")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        contextRunner().run(context -> {
            assertThat(context.getBean(CloudClient.class).positions().block()).isEmpty();
            store.verify(2, getRequestedFor(urlPathEqualTo("/pos")));
        });
    }

    @Test
    void timesOutSlowAnswers() {
        store.stubFor(get(urlPathEqualTo("/pos")).willReturn(aResponse().withFixedDelay(2000).withBody("{}")));
        contextRunner().run(context -> assertThatExceptionOfType(CloudException.class)
                .isThrownBy(() -> context.getBean(CloudClient.class).positions().block())
                .satisfies(e -> assertThat(e.code()).isEqualTo("ETIMEOUT"))
                .withMessageContaining("within 300 ms"));
    }

    @Test
    void theCircuitBreakerOpensThenClosesWhenTheStoreRecovers() {
        store.stubFor(get(urlPathEqualTo("/pos")).willReturn(aResponse().withStatus(503)));
        contextRunner().withPropertyValues("litevfs.resilience.retries=0").run(context -> {
            CloudClient client = context.getBean(CloudClient.class);
            CircuitBreaker breaker = context.getBean(CircuitBreaker.class);
            for (int i = 0; i < 4; i++) {
                assertThatExceptionOfType(CloudException.class).isThrownBy(() -> client.positions().block());
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            int seen = store.getAllServeEvents().size();
            assertThatExceptionOfType(CloudException.class).isThrownBy(() -> client.positions().block())
                    .satisfies(e -> assertThat(e.code()).isEqualTo("ECIRCUITOPEN"));
            assertThat(store.getAllServeEvents()).as("an open breaker spares the store").hasSize(seen);

            store.resetAll();
            store.stubFor(get(urlPathEqualTo("/pos")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
            Thread.sleep(Duration.ofMillis(700));
            client.positions().block();
            client.positions().block();
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }
}
