package io.litevfs.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.Map;

/**
 * LiteVFS's defaults for the pool Boot builds for its database, applied only where
 * {@code spring.datasource.hikari.*} left a setting unset, so that Boot's own properties always win:
 * <ul>
 *   <li>at most {@code litevfs.datasource.maximum-pool-size} connections (SQLite runs one writer at a
 *       time, and readers share the node's page cache), and no idle connections kept open;</li>
 *   <li>the pool named {@code litevfs-<database>};</li>
 *   <li>sqlite-jdbc's connection properties from {@code litevfs.datasource.properties.*}, each unless
 *       {@code spring.datasource.hikari.data-source-properties} sets it.</li>
 * </ul>
 * A pool is LiteVFS's when its JDBC URL is the one {@link LiteVfsJdbcConnectionDetails} gives; an
 * application's own pool on another URL is left alone. Hikari reads its settings when the pool starts,
 * at the first connection, after every bean post-processor has run.
 */
final class LiteVfsPoolDefaults implements BeanPostProcessor {

    /** Hikari's value for a minimum of idle connections nobody set (its maximum has a default of 10 instead). */
    private static final int UNSET = -1;
    static final String MAXIMUM_POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";

    private final ObjectProvider<LiteVfsJdbcConnectionDetails> details;
    private final ObjectProvider<LiteVfsProperties> properties;
    private final Environment environment;

    LiteVfsPoolDefaults(ObjectProvider<LiteVfsJdbcConnectionDetails> details, ObjectProvider<LiteVfsProperties> properties,
                        Environment environment) {
        this.details = details;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            LiteVfsJdbcConnectionDetails database = details.getIfAvailable();
            if (database != null && database.getJdbcUrl().equals(pool.getJdbcUrl())) {
                boolean sizeSet = Binder.get(environment).bind(MAXIMUM_POOL_SIZE, Integer.class).isBound();
                applyDefaults(pool, database.database(), properties.getObject().getDatasource(), sizeSet);
            }
        }
        return bean;
    }

    static void applyDefaults(HikariDataSource pool, String database, LiteVfsProperties.Datasource settings,
                              boolean maximumPoolSizeSet) {
        if (pool.getPoolName() == null) {
            pool.setPoolName("litevfs-" + database);
        }
        if (!maximumPoolSizeSet) {
            pool.setMaximumPoolSize(settings.getMaximumPoolSize());
        }
        if (pool.getMinimumIdle() == UNSET) {
            pool.setMinimumIdle(0);
        }
        for (Map.Entry<String, String> property : settings.getProperties().entrySet()) {
            if (!pool.getDataSourceProperties().containsKey(property.getKey())) {
                pool.addDataSourceProperty(property.getKey(), property.getValue());
            }
        }
    }
}
