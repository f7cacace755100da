package io.litevfs.server.config;

import io.litevfs.store.compaction.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code litevfs.server.retention.*}: the defaults, and every setting that describes no policy named with its property. */
class RetentionSettingsTest {

    @Test
    void theDefaultsKeepThirtyDaysFinerForTheLastDay() {
        RetentionPolicy policy = new LiteVfsServerProperties().getRetention().toPolicy();
        assertThat(policy.transactions()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.levels()).containsExactly(
                new RetentionPolicy.Level(Duration.ofMinutes(5), Duration.ofDays(1)),
                new RetentionPolicy.Level(Duration.ofHours(1), Duration.ofDays(7)),
                new RetentionPolicy.Level(Duration.ofDays(1), Duration.ofDays(30)));
        assertThat(policy.horizon()).isEqualTo(Duration.ofDays(30));
        assertThat(policy).hasToString("every transaction for PT1H, PT5M points for PT24H, PT1H points for PT168H, "
                + "PT24H points for PT720H");
    }

    @Test
    void noLevelsKeepsOnlyTheTransactionsWindow() {
        assertThat(policy(Duration.ofMinutes(10)).horizon()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aSettingThatDescribesNoPolicyNamesItsProperty() {
        assertThatThrownBy(() -> policy(Duration.ofHours(1), "5m-1d")).hasMessage(
                "litevfs.server.retention.levels: '5m-1d' is not interval:keep (for example 5m:1d)");
        assertThatThrownBy(() -> policy(Duration.ofHours(1), "5 minutes:1d"))
                .hasMessageStartingWith("litevfs.server.retention.levels: '5 minutes:1d': ");
        assertThatThrownBy(() -> policy(Duration.ofHours(1), "5m:1d", "7m:7d")).hasMessage(
                "litevfs.server.retention: each retention level's interval must be a whole multiple of the one before, "
                        + "so that its windows hold whole finer ones: PT7M is not a multiple of PT5M");
        assertThatThrownBy(() -> policy(Duration.ofHours(1), "5m:30m")).hasMessage(
                "litevfs.server.retention: each retention level must keep its points longer than the one before: PT30M "
                        + "is not longer than PT1H");
        assertThatThrownBy(() -> policy(Duration.ofHours(1), "1d:1h")).hasMessageContaining(
                "a retention level's interval (PT24H) cannot be longer than how long it keeps its points (PT1H)");
        assertThatThrownBy(() -> policy(Duration.ZERO)).hasMessage(
                "litevfs.server.retention: every transaction must be kept a positive time, got PT0S");
    }

    private static RetentionPolicy policy(Duration transactions, String... levels) {
        LiteVfsServerProperties.Retention retention = new LiteVfsServerProperties().getRetention();
        retention.setTransactions(transactions);
        retention.setLevels(List.of(levels));
        return retention.toPolicy();
    }
}
