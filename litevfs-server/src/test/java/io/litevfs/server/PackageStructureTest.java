package io.litevfs.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The store's packages depend one way, read from the compiled classes of its three modules:
 * {@code litevfs-store} (the engine, {@code io.litevfs.store} and its packages), {@code litevfs-store-s3}
 * ({@code store.bucket} and the S3 client {@code store.s3}) and this one ({@code io.litevfs.server}:
 * {@code config} wires {@code web} and the engine; {@code web} serves the engine; the engine knows neither).
 * The modules' dependencies already keep Spring and the AWS SDK out of the engine; these rules keep the
 * packages within them in order: the model ({@code store.history}) depends on no other part of the store,
 * only the bucket's package reaches the S3 client, and only the bucket's configuration the S3 backend.
 */
class PackageStructureTest {

    private static final String ENGINE = "io.litevfs.store..";
    private static final String MODEL = "io.litevfs.store.history..";
    private static final String S3 = "io.litevfs.store.s3..";
    private static final String BUCKET = "io.litevfs.store.bucket..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.litevfs.server", "io.litevfs.store");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.litevfs.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void webGetsItsSettingsPassedInAndTheEngineKnowsNoWeb() {
        noClasses().that().resideInAPackage("io.litevfs.server.web..")
                .should().dependOnClassesThat().resideInAPackage("io.litevfs.server.config..").check(MAIN);
        noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("io.litevfs.server..", "org.springframework..",
                        "reactor..").check(MAIN);
    }

    @Test
    void theModelDependsOnNoOtherPartOfTheStore() {
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat(resideInAnyPackage(ENGINE, "io.litevfs.server..").and(not(resideInAPackage(MODEL))))
                .check(MAIN);
    }

    @Test
    void onlyTheBucketsPackageUsesTheS3ClientAndOnlyItTheAwsSdk() {
        noClasses().that().resideInAPackage(ENGINE).and().resideOutsideOfPackages(BUCKET, S3)
                .should().dependOnClassesThat().resideInAnyPackage(S3, BUCKET).check(MAIN);
        noClasses().that().resideOutsideOfPackage(S3)
                .should().dependOnClassesThat().resideInAPackage("software.amazon..").check(MAIN);
    }

    @Test
    void onlyTheBucketsConfigurationReachesTheS3Backend() {
        noClasses().that().resideInAPackage("io.litevfs.server..")
                .and().doNotHaveSimpleName("BucketStoreConfiguration").and().doNotHaveSimpleName("BucketStartup")
                .should().dependOnClassesThat().resideInAnyPackage(S3, BUCKET).check(MAIN);
    }
}
