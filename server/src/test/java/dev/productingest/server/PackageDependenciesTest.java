package dev.productingest.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server's packages depend one way only, as docs/architecture.md draws them: no cycle, the stores and the transport
 * at the bottom, the REST resources and the root at the top.
 */
class PackageDependenciesTest {
    private static final String SERVER = "dev.productingest.server";
    private static final String INGEST = SERVER + ".ingest";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVER);

    @Test
    void packagesHaveNoCycle() {
        slices().matching(SERVER + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void ingestRoomsHaveNoCycle() {
        slices().matching(INGEST + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void ingestRunsFromTheCallToTheStoreNeverBack() {
        noClasses()
                .that()
                .resideInAPackage(INGEST + ".stream..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INGEST + ".rpc..")
                .because("a stream is one producer's call, whatever service carries it")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage(INGEST + ".write..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST + ".rpc..", INGEST + ".stream..", INGEST + ".job..")
                .because("a batch is written the same whoever made it")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage(INGEST + ".job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST + ".rpc..", INGEST + ".stream..", INGEST + ".write..")
                .because("a job is opened, ended and described the same for a stream and for a read")
                .check(CLASSES);
    }

    @Test
    void ingestRoomsReadSettingsNotTheConfiguration() {
        noClasses()
                .that()
                .resideInAnyPackage(INGEST + ".rpc..", INGEST + ".stream..", INGEST + ".write..", INGEST + ".job..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INGEST)
                .because("the application hands each room what it reads of ingest's configuration")
                .check(CLASSES);
    }

    @Test
    void theTransportDependsOnlyOnWhoCalls() {
        noClasses()
                .that()
                .resideInAPackage(SERVER + ".grpc..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(otherThan("grpc", "auth"))
                .check(CLASSES);
    }

    @Test
    void theStoreAndTheOtherFoundationsDependOnNoOtherPackageOfTheServer() {
        for (String bottom : new String[] {"auth", "store", "embedded", "metrics", "logging"}) {
            noClasses()
                    .that()
                    .resideInAPackage(SERVER + "." + bottom + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(otherThan(bottom))
                    .check(CLASSES);
        }
    }

    @Test
    void redisDependsOnlyOnTheEmbeddedStoresItsDefaultURLAsksFor() {
        noClasses()
                .that()
                .resideInAPackage(SERVER + ".redis..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(otherThan("redis", "embedded"))
                .check(CLASSES);
    }

    @Test
    void onlyTheApplicationWiresAndNothingDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage(SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVER)
                .check(CLASSES);
    }

    @Test
    void onlyTheApplicationBuildsThreadPoolsRegistersChecksOrManagesLifecycles() {
        noClasses()
                .that()
                .resideOutsideOfPackage(SERVER)
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.dropwizard.core.setup.Environment")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.dropwizard.lifecycle.setup.LifecycleEnvironment")
                .because("ProductIngestApplication.run is the one place that wires the server")
                .check(CLASSES);
    }

    @Test
    void nothingBelowTheResourcesDependsOnThem() {
        noClasses()
                .that()
                .resideOutsideOfPackages(SERVER, SERVER + ".resources..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVER + ".resources..")
                .check(CLASSES);
    }

    private static String[] otherThan(String... allowed) {
        return java.util.Arrays.stream(new String[] {
                    "api",
                    "auth",
                    "cache",
                    "embedded",
                    "grpc",
                    "health",
                    "ingest",
                    "jobs",
                    "logging",
                    "metrics",
                    "redis",
                    "resources",
                    "store"
                })
                .filter(p -> !java.util.List.of(allowed).contains(p))
                .map(p -> SERVER + "." + p + "..")
                .toArray(String[]::new);
    }
}
