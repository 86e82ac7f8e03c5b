package io.portico.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency arrows of the architecture honest: configuration and the algorithms below the
 * data path know nothing of the proxy, the server or the application; the core never reaches into
 * the application module.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.portico");
    }

    @Test
    void importsTheCoreAndTheApplication() {
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.proxy")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.app")).isTrue();
    }

    @Test
    void configurationDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.portico.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.routing..", "io.portico.upstream..", "io.portico.http..", "io.portico.proxy..",
                        "io.portico.server..", "io.portico.observability..", "io.portico.transport..", "io.portico.app..",
                        "io.netty..")
                .check(classes);
    }

    @Test
    void jsonTextKnowsNoOtherPorticoPackage() {
        noClasses().that().resideInAPackage("io.portico.json..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.config..", "io.portico.net..", "io.portico.routing..", "io.portico.upstream..",
                        "io.portico.http..", "io.portico.proxy..", "io.portico.server..", "io.portico.observability..",
                        "io.portico.transport..", "io.portico.app..")
                .check(classes);
    }

    @Test
    void routingKnowsOnlyConfiguration() {
        noClasses().that().resideInAPackage("io.portico.routing..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.upstream..", "io.portico.http..", "io.portico.proxy..", "io.portico.server..",
                        "io.portico.observability..", "io.portico.transport..", "io.portico.app..")
                .check(classes);
    }

    @Test
    void httpCodecKnowsNoPorticoPackage() {
        noClasses().that().resideInAPackage("io.portico.http..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.config..", "io.portico.routing..", "io.portico.upstream..", "io.portico.proxy..",
                        "io.portico.server..", "io.portico.observability..", "io.portico.app..")
                .check(classes);
    }

    @Test
    void upstreamsDoNotKnowTheProxy() {
        noClasses().that().resideInAPackage("io.portico.upstream..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.routing..", "io.portico.http..", "io.portico.proxy..", "io.portico.server..",
                        "io.portico.app..")
                .check(classes);
    }

    @Test
    void proxyDoesNotKnowTheServerOrTheApplication() {
        noClasses().that().resideInAPackage("io.portico.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.portico.server..", "io.portico.app..")
                .check(classes);
    }

    @Test
    void coreNeverDependsOnTheApplication() {
        noClasses().that().resideOutsideOfPackage("io.portico.app..")
                .should().dependOnClassesThat().resideInAPackage("io.portico.app..")
                .check(classes);
    }
}
