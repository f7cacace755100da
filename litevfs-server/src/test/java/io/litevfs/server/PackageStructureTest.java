package io.litevfs.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The store's packages depend one way: {@code config} wires {@code web} and {@code store}; {@code web}
 * serves {@code store}; {@code store} knows neither. Read from the compiled classes.
 */
class PackageStructureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.litevfs.server");

    @Test
    void thePackagesHaveNoCycle() {
        slices().matching("io.litevfs.server.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void webGetsItsSettingsPassedInAndStoreKnowsNoWeb() {
        noClasses().that().resideInAPackage("io.litevfs.server.web..")
                .should().dependOnClassesThat().resideInAPackage("io.litevfs.server.config..").check(MAIN);
        noClasses().that().resideInAPackage("io.litevfs.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.litevfs.server.web..", "io.litevfs.server.config..",
                        "org.springframework..").check(MAIN);
    }
}
