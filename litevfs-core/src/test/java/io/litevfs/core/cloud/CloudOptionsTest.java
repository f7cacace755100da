package io.litevfs.core.cloud;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain http reaches a store on loopback only, unless allowed by a setting that names the risk; https anywhere. */
class CloudOptionsTest {

    @Test
    void plainHttpToAnotherHostIsRefusedNamingTheRiskAndTheSetting() {
        for (String url : new String[] {"http://10.0.0.5:20202", "http://store.internal:20202", "http://192.168.1.2",
                "http://127.example.com:20202", "http://[2001:db8::1]:20202"}) {
            assertThatThrownBy(() -> options(url, false)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plain http to a host that is not loopback")
                    .hasMessageContaining("read and change the pages")
                    .hasMessageContaining("litevfs.cloud.allow-insecure-http=true")
                    .hasMessageContaining("LITEVFS_ALLOW_INSECURE_HTTP");
            assertThat(options(url, true).url()).hasToString(url);
        }
    }

    @Test
    void loopbackAndHttpsAreAccepted() {
        for (String url : new String[] {"http://127.0.0.1:20202", "http://127.1.2.3", "http://localhost:20202",
                "http://LOCALHOST", "http://[::1]:20202", "https://store.example.com", "https://10.0.0.5:20202"}) {
            assertThat(options(url, false).url()).as(url).hasToString(url);
        }
    }

    private static CloudOptions options(String url, boolean allowInsecureHttp) {
        return new CloudOptions(URI.create(url), null, null, Duration.ofSeconds(1), Resilience.DEFAULTS, PageEncoding.BINARY,
                allowInsecureHttp);
    }
}
