package io.portico.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency arrows of the architecture honest: configuration and the algorithms below the
 * data path know nothing of the proxy, the server or the application; the core never reaches into
 * the application module; the plugin API knows nothing of the core, and plugins know nothing but the
 * plugin API.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The core's test fixtures reach this class path as a test jar, which the option above misses.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.portico");
    }

    @Test
    void importsTheCoreTheApplicationAndThePluginApi() {
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.proxy")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.app")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.admin")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.plugin")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.portico.chain")).isTrue();
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

    @Test
    void pluginApiKnowsNoOtherPorticoPackageAndNoNetty() {
        noClasses().that().resideInAPackage("io.portico.plugin..")
                .should().dependOnClassesThat(resideInAPackage("io.portico..").and(not(resideInAPackage("io.portico.plugin.."))))
                .orShould().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(classes);
    }

    @Test
    void builtInPluginsKnowOnlyThePluginApi() {
        noClasses().that().resideInAPackage("io.portico.plugins..")
                .should().dependOnClassesThat(resideInAPackage("io.portico..")
                        .and(not(resideInAnyPackage("io.portico.plugin..", "io.portico.plugins.."))))
                .orShould().dependOnClassesThat().resideInAPackage("io.netty..")
                // Holds vacuously until the first built-in plugin is on the class path.
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void nothingReachesIntoTheBuiltInPlugins() {
        // Built-in plugins are found through ServiceLoader only, so that they stay replaceable.
        noClasses().that().resideOutsideOfPackage("io.portico.plugins..")
                .should().dependOnClassesThat().resideInAPackage("io.portico.plugins..")
                .check(classes);
    }

    @Test
    void chainsDoNotKnowTheProxyTheServerOrTheApplication() {
        noClasses().that().resideInAPackage("io.portico.chain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.portico.proxy..", "io.portico.server..", "io.portico.app..", "io.portico.admin..", "io.netty..")
                .check(classes);
    }

    @Test
    void coreNeverDependsOnTheAdminApi() {
        noClasses().that().resideOutsideOfPackages("io.portico.admin..", "io.portico.app..")
                .should().dependOnClassesThat().resideInAPackage("io.portico.admin..")
                .check(classes);
    }
}
