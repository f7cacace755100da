package io.litevfs.server.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {

    @Test
    void leaseIdsAreHiddenAndWhatTheClientSentIsEscaped() {
        assertThat(RequestLog.describe(MockServerHttpRequest.delete("/lease?db=a.db&id=0123-secret").build()))
                .isEqualTo("/lease?db=a.db&id=(hidden)");
        assertThat(RequestLog.describe(MockServerHttpRequest.post("/lease?id=secret&db=a.db&duration=5000").build()))
                .isEqualTo("/lease?id=(hidden)&db=a.db&duration=5000");
        assertThat(RequestLog.describe(MockServerHttpRequest.get("/db/page?db=a.db&pgno=1&pid=7").build()))
                .as("only the id parameter").isEqualTo("/db/page?db=a.db&pgno=1&pid=7");
        assertThat(RequestLog.describe(MockServerHttpRequest.get("/pos?cluster=x%0Afake").build()))
                .doesNotContain("\n");
    }
}
