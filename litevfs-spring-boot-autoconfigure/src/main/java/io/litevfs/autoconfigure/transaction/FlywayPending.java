package io.litevfs.autoconfigure.transaction;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Whether Boot's Flyway initialiser will write: only when migrations are pending, or when the application
 * gives it a migration strategy of its own (which may do anything, a clean say). Reading what is pending
 * needs no lease; a node that finds nothing to do starts without taking one, so many nodes starting at once
 * do not queue on it. Loaded only when Flyway is on the classpath.
 */
final class FlywayPending {

    private static final String STRATEGY = "org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy";

    private FlywayPending() {
    }

    static boolean willWrite(ListableBeanFactory beans) {
        if (hasBeanOf(beans, STRATEGY)) {
            return true;
        }
        Flyway flyway = beans.getBeanProvider(Flyway.class).getIfUnique();
        return flyway == null || flyway.info().pending().length > 0;
    }

    private static boolean hasBeanOf(ListableBeanFactory beans, String typeName) {
        try {
            Class<?> type = Class.forName(typeName, false, FlywayPending.class.getClassLoader());
            return beans.getBeanNamesForType(type, true, false).length > 0;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
