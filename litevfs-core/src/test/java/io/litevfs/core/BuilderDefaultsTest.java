package io.litevfs.core;

import io.litevfs.core.cloud.Resilience;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting of a fresh {@link LiteVfs.Builder} is its {@link Defaults} value. The builder's fields
 * are read one by one, so a setting added without a default listed here fails this test.
 */
class BuilderDefaultsTest {

    @Test
    void everySettingOfAFreshBuilderIsItsDefault() throws IllegalAccessException {
        Map<String, Object> expected = new HashMap<>();
        expected.put("storeUrl", null);
        expected.put("token", null);
        expected.put("cluster", null);
        expected.put("cacheDirectory", null);
        expected.put("client", null);
        expected.put("vfsName", Defaults.VFS_NAME);
        expected.put("syncPeriod", Defaults.SYNC_PERIOD);
        expected.put("push", Defaults.PUSH);
        expected.put("allowInsecureHttp", Defaults.ALLOW_INSECURE_HTTP);
        expected.put("maxPrefetchPages", Defaults.MAX_PREFETCH_PAGES);
        expected.put("maxRequestsPerQuery", Defaults.MAX_REQUESTS_PER_QUERY);
        expected.put("maxCachedPages", Defaults.MAX_CACHED_PAGES);
        expected.put("minAvailableSpace", Defaults.MIN_AVAILABLE_SPACE_BYTES);
        expected.put("requestTimeout", Defaults.REQUEST_TIMEOUT);
        expected.put("leaseDuration", Defaults.LEASE_DURATION);
        expected.put("resilience", new Resilience(Defaults.RETRIES, Defaults.RETRY_BACKOFF,
                Defaults.FAILURE_RATE_THRESHOLD, Defaults.MINIMUM_NUMBER_OF_CALLS, Defaults.WAIT_IN_OPEN_STATE));

        LiteVfs.Builder builder = LiteVfs.builder();
        Map<String, Object> actual = new HashMap<>();
        for (Field field : LiteVfs.Builder.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                actual.put(field.getName(), field.get(builder));
            }
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
