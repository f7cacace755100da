package io.litevfs.core.cloud;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {

    @Test
    void aCallThatNeverEndsFailsAsATimeoutNamingIt() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> Await.result(Mono.never(), Duration.ofMillis(200), "POST /sync"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo("ETIMEOUT");
                    assertThat(e.isTransient()).as("may pass: retried or settled like any lost answer").isTrue();
                })
                .hasMessageContaining("POST /sync").hasMessageContaining("200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void valuesEmptinessAndTheCallsOwnFailuresPassThrough() {
        assertThat(Await.result(Mono.just("x"), Duration.ofSeconds(1), "GET /pos")).isEqualTo("x");
        assertThat((Object) Await.result(Mono.empty(), Duration.ofSeconds(1), "DELETE /lease")).isNull();
        CloudException refused = new CloudException(409, "ELEASEEXISTS", "taken", null, null);
        assertThatThrownBy(() -> Await.result(Mono.error(refused), Duration.ofSeconds(1), "POST /lease")).isSameAs(refused);
    }

    @Test
    void anUploadIsGivenTimeForItsSizeAndACallForItsRetries() {
        assertThat(Await.uploadAttempt(Duration.ofSeconds(10), 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Await.uploadAttempt(Duration.ofSeconds(10), 4L << 30)).isGreaterThan(Duration.ofMinutes(17));
        assertThat(Await.call(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(40));
    }
}
