package io.litevfs.autoconfigure;

import io.litevfs.core.Defaults;
import io.litevfs.core.cloud.Resilience;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.util.unit.DataSize;

import java.beans.PropertyDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code litevfs.*} property starts at core's {@link Defaults} value where core has that setting,
 * and at the value listed here where only the starter has it. The properties are walked one by one,
 * so a property added without its default listed here fails the test.
 */
class LiteVfsPropertiesDefaultsTests {

    @Test
    void everyPropertyStartsAtItsDefault() {
        Map<String, Object> expected = new HashMap<>();
        expected.put("vfsName", Defaults.VFS_NAME);
        expected.put("maxRequestsPerQuery", Defaults.MAX_REQUESTS_PER_QUERY);
        expected.put("cloud.requestTimeout", Defaults.REQUEST_TIMEOUT);
        expected.put("cloud.allowInsecureHttp", Defaults.ALLOW_INSECURE_HTTP);
        expected.put("cache.maxPages", Defaults.MAX_CACHED_PAGES);
        expected.put("cache.minAvailableSpace", DataSize.ofBytes(Defaults.MIN_AVAILABLE_SPACE_BYTES));
        expected.put("sync.period", Defaults.SYNC_PERIOD);
        expected.put("sync.mode", LiteVfsProperties.Sync.Mode.PUSH);
        expected.put("lease.duration", Defaults.LEASE_DURATION);
        expected.put("prefetch.maxPages", Defaults.MAX_PREFETCH_PAGES);
        expected.put("resilience.retries", Defaults.RETRIES);
        expected.put("resilience.retryBackoff", Defaults.RETRY_BACKOFF);
        expected.put("resilience.failureRateThreshold", Defaults.FAILURE_RATE_THRESHOLD);
        expected.put("resilience.minimumNumberOfCalls", Defaults.MINIMUM_NUMBER_OF_CALLS);
        expected.put("resilience.waitDurationInOpenState", Defaults.WAIT_IN_OPEN_STATE);
        expected.put("cloud.url", null);
        expected.put("cloud.token", null);
        expected.put("cloud.cluster", null);
        expected.put("cache.directory", null);
        expected.put("datasource.database", null);
        // The starter's own settings, which a LiteVfs built by hand does not have.
        expected.put("enabled", true);
        expected.put("lease.linger", Duration.ZERO);
        expected.put("lease.acquireTimeout", Duration.ofSeconds(10));
        expected.put("datasource.maximumPoolSize", 4);
        expected.put("datasource.properties", java.util.Map.of());
        expected.put("embeddedStore.enabled", true);
        expected.put("embeddedStore.dataDirectory", Path.of("litevfs-store"));
        expected.put("embeddedStore.port", 0);
        expected.put("embeddedStore.temporary", false);

        Map<String, Object> actual = new HashMap<>();
        collect("", new BeanWrapperImpl(new LiteVfsProperties()), actual);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void theResiliencePropertiesStartAsCoreDefaults() {
        assertThat(new LiteVfsProperties().getResilience().toResilience()).isEqualTo(Resilience.DEFAULTS);
    }

    /** Every readable leaf property under {@code bean}; a nested group of this package is walked into. */
    private static void collect(String prefix, BeanWrapper bean, Map<String, Object> into) {
        for (PropertyDescriptor property : bean.getPropertyDescriptors()) {
            if (property.getReadMethod() == null || property.getName().equals("class")) {
                continue;
            }
            Object value = bean.getPropertyValue(property.getName());
            Class<?> type = property.getPropertyType();
            if (type.getName().startsWith(LiteVfsProperties.class.getName() + "$") && !type.isEnum()) {
                collect(prefix + property.getName() + ".", new BeanWrapperImpl(value), into);
            } else if (property.getWriteMethod() != null) {
                into.put(prefix + property.getName(), value);
            }
        }
    }
}
