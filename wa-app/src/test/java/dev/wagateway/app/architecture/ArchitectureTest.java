package dev.wagateway.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.wagateway.core.archfixture.GatewayClassUsingSpi;
import dev.wagateway.protocol.archfixture.ProtocolClassUsingJavalin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The modules keep to the hexagon: checked over the production classes of every module on wa-app's class path. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // Sibling modules arrive as class folders in a reactor build, or as jars otherwise; test classes (which
        // hold a deliberate violation) are left out whatever the output folder is called.
        ImportOption productionOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        production = new ClassFileImporter().withImportOption(productionOnly).importPackages("dev.wagateway");
    }

    @Test
    void everyModuleIsImported() {
        for (String module : new String[]{"dev.wagateway.http", "dev.wagateway.app", "dev.wagateway.persistence"}) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(module)))
                    .as("classes of %s are checked", module).isTrue();
        }
    }

    @Test
    void protocolIsSelfContained() {
        ModuleRules.protocolIsSelfContained().allowEmptyShould(true).check(production);
    }

    @Test
    void coreSeesOnlyProtocolJdkAndSlf4j() {
        ModuleRules.coreSeesOnlyProtocolJdkAndSlf4j().allowEmptyShould(true).check(production);
    }

    @Test
    void adaptersAreIndependent() {
        for (ArchRule rule : ModuleRules.adaptersAreIndependent()) {
            rule.allowEmptyShould(true).check(production);
        }
    }

    @Test
    void theFeatureLayoutHolds() {
        FeatureLayoutRules.spiStaysInsideTheProtocol().allowEmptyShould(true).check(production);
        FeatureLayoutRules.featuresUseOnlyTheSpi().allowEmptyShould(true).check(production);
        FeatureLayoutRules.connectionStaysBehindTheHub().allowEmptyShould(true).check(production);
        FeatureLayoutRules.onlyDeviceCallsWaitsOnADevice().allowEmptyShould(true).check(production);
    }

    /** The layout rule bites too: a gateway class reaching into the client's SPI is refused. */
    @Test
    void reachingIntoTheSpiIsCaught() {
        JavaClasses fixture = new ClassFileImporter().importClasses(GatewayClassUsingSpi.class);

        assertThatThrownBy(() -> FeatureLayoutRules.spiStaysInsideTheProtocol().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ServerChannel");
    }

    /** The rule really bites: a protocol class that imports Javalin (a test fixture, never shipped) is refused. */
    @Test
    void aForbiddenImportIsCaught() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ProtocolClassUsingJavalin.class);

        assertThatThrownBy(() -> ModuleRules.protocolIsSelfContained().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.javalin.Javalin");
    }
}
