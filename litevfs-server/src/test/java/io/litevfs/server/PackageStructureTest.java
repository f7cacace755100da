package io.litevfs.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The store's packages depend one way, read from the compiled classes: {@code config} wires {@code web}
 * and the engine ({@code store} and its packages); {@code web} serves the engine; the engine knows
 * neither. Within the engine, the model ({@code store.history}) depends on no other package of it, and
 * only the bucket's packages reach the S3 client, which alone speaks to the AWS SDK.
 */
class PackageStructureTest {

    private static final String ENGINE = "io.litevfs.server.store..";
    private static final String MODEL = "io.litevfs.server.store.history..";
    private static final String S3 = "io.litevfs.server.s3..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.litevfs.server");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.litevfs.server.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void webGetsItsSettingsPassedInAndTheEngineKnowsNoWeb() {
        noClasses().that().resideInAPackage("io.litevfs.server.web..")
                .should().dependOnClassesThat().resideInAPackage("io.litevfs.server.config..").check(MAIN);
        noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("io.litevfs.server.web..", "io.litevfs.server.config..",
                        "org.springframework..").check(MAIN);
    }

    @Test
    void theModelDependsOnNoOtherPartOfTheStore() {
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat(resideInAPackage("io.litevfs.server..").and(not(resideInAPackage(MODEL))))
                .check(MAIN);
    }

    @Test
    void onlyTheBucketsPackagesUseTheS3ClientAndOnlyItTheAwsSdk() {
        noClasses().that().resideInAPackage(ENGINE).and().resideOutsideOfPackage("io.litevfs.server.store.bucket..")
                .should().dependOnClassesThat().resideInAPackage(S3).check(MAIN);
        noClasses().that().resideOutsideOfPackage(S3)
                .should().dependOnClassesThat().resideInAPackage("software.amazon..").check(MAIN);
        noClasses().that().resideInAPackage(S3)
                .should().dependOnClassesThat().resideInAnyPackage("io.litevfs.server.web..", "io.litevfs.server.config..")
                .check(MAIN);
    }
}
