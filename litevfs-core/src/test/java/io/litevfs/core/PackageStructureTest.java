package io.litevfs.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Spring and Reactor stay at the edge: only the store client ({@code io.litevfs.core.cloud}) uses them;
 * the database code, the cache and the native VFS call the blocking client. Read from the compiled
 * classes.
 */
class PackageStructureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.litevfs.core");

    @Test
    void onlyTheStoreClientUsesSpringOrReactor() {
        noClasses().that().resideOutsideOfPackage("io.litevfs.core.cloud..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
                .check(MAIN);
    }
}
