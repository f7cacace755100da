package io.litevfs.autoconfigure.transaction;

import io.litevfs.core.LiteVfs;
import io.litevfs.core.WriteLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs schema migrations and initialisation under the write lease of the application's LiteVFS
 * database: Flyway ({@code FlywayMigrationInitializer}, whatever migration strategy it has), Liquibase
 * ({@code SpringLiquibase}), {@code spring.sql.init} scripts (when {@code spring.sql.init.mode=always})
 * and Hibernate's schema management (when {@code spring.jpa.hibernate.ddl-auto} or
 * {@code hibernate.hbm2ddl.auto} changes the schema) all write when their bean initialises, outside any
 * transaction a transaction manager sees, so the lease is taken just before that bean's initialisation
 * and its hold ended just after. An initialiser that will not write takes no lease, so a node starts
 * while another one holds it: scripts only when {@code spring.sql.init.mode=always}, Hibernate only with a
 * schema-changing {@code ddl-auto}, Flyway only when migrations are pending ({@link FlywayPending}), so
 * that nodes starting at once with nothing to migrate never queue on the lease. Only beans of those kinds on the classpath are touched; none of their
 * libraries is needed here.
 *
 * <p>The database is that of the application's one DataSource, when it is a LiteVFS one; with several
 * DataSources, or none of LiteVFS, nothing is done. An initialisation that fails leaves its hold to the
 * end of the context, which is then closing anyway: closing LiteVFS gives the lease back.
 */
final class SchemaInitializationUnderLease implements BeanPostProcessor, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(SchemaInitializationUnderLease.class);
    private static final String FLYWAY = "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer";
    private static final List<String> MIGRATIONS = List.of(FLYWAY, "liquibase.integration.spring.SpringLiquibase");
    private static final List<String> SCRIPTS = List.of("org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer");
    private static final List<String> ENTITY_MANAGER_FACTORIES = List.of(
            "org.springframework.orm.jpa.AbstractEntityManagerFactoryBean");
    private static final Set<String> SCHEMA_CHANGING_DDL = Set.of("create", "create-drop", "create-only", "update",
            "drop", "truncate");

    private final ObjectProvider<LiteVfs> liteVfs;
    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<TransactionalLeases> leases;
    private final Map<String, WriteLease> holds = new ConcurrentHashMap<>();
    private final Environment environment;
    private final List<Class<?>> migrations = present(MIGRATIONS);
    private final List<Class<?>> flyway = present(List.of(FLYWAY));
    private @Nullable ListableBeanFactory beans;
    private final List<Class<?>> scripts = present(SCRIPTS);
    private final List<Class<?>> entityManagerFactories = present(ENTITY_MANAGER_FACTORIES);

    SchemaInitializationUnderLease(ObjectProvider<LiteVfs> liteVfs, ObjectProvider<DataSource> dataSource,
                                   ObjectProvider<TransactionalLeases> leases, Environment environment) {
        this.environment = environment;
        this.liteVfs = liteVfs;
        this.dataSource = dataSource;
        this.leases = leases;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory instanceof ListableBeanFactory listable ? listable : null;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!writesSchema(bean)) {
            return bean;
        }
        String database = database();
        if (database != null) {
            log.info("[lease] {} initialises the schema of {} under its write lease", beanName, database);
            holds.put(beanName, leases.getObject().begin(database));
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        WriteLease hold = holds.remove(beanName);
        if (hold != null) {
            hold.close();
        }
        return bean;
    }

    private @Nullable String database() {
        LiteVfs vfs = liteVfs.getIfAvailable();
        DataSource unique = dataSource.getIfUnique();
        return vfs == null || unique == null ? null : LiteVfsDataSources.databaseOf(unique, vfs.name());
    }

    private boolean writesSchema(Object bean) {
        if (isAny(flyway, bean)) {
            return beans == null || FlywayPending.willWrite(beans);
        }
        if (isAny(migrations, bean)) {
            return true;
        }
        if (isAny(scripts, bean)) {
            return "always".equalsIgnoreCase(environment.getProperty("spring.sql.init.mode", ""));
        }
        if (isAny(entityManagerFactories, bean)) {
            String ddl = environment.getProperty("spring.jpa.hibernate.ddl-auto",
                    environment.getProperty("spring.jpa.properties.hibernate.hbm2ddl.auto", "none"));
            return SCHEMA_CHANGING_DDL.contains(ddl.toLowerCase(java.util.Locale.ROOT));
        }
        return false;
    }

    private static boolean isAny(List<Class<?>> types, Object bean) {
        return types.stream().anyMatch(type -> type.isInstance(bean));
    }

    private static List<Class<?>> present(List<String> names) {
        ClassLoader loader = SchemaInitializationUnderLease.class.getClassLoader();
        return names.stream().filter(name -> ClassUtils.isPresent(name, loader))
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, loader)).toList();
    }
}
