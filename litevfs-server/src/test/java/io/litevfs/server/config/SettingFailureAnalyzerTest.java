package io.litevfs.server.config;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal naming a store setting becomes Boot's short report; anything else is left to Boot. */
class SettingFailureAnalyzerTest {

    private final SettingFailureAnalyzer analyzer = new SettingFailureAnalyzer();

    @Test
    void aRefusalNamingAStoreSettingIsTheReportsDescription() {
        IllegalStateException refusal = new IllegalStateException("litevfs.server.storage=s3 needs litevfs.server.s3.bucket");
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("bucket", refusal));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("litevfs.server.storage=s3 needs litevfs.server.s3.bucket");
        assertThat(analysis.getAction()).contains("Change the setting it names");
    }

    @Test
    void otherFailuresAreLeftToBoot() {
        assertThat(analyzer.analyze(new BeanCreationException("x", new IllegalStateException("something else")))).isNull();
        assertThat(analyzer.analyze(new IllegalArgumentException("litevfs.server.open"))).isNull();
    }
}
