package dev.wagateway.app.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The hexagon's dependency rules (architecture.md, "Modules and what each may see"), as ArchUnit rules over the
 * classes of every module.
 */
final class ModuleRules {

    static final String PROTOCOL = "dev.wagateway.protocol..";
    static final String CORE = "dev.wagateway.core..";
    static final List<String> ADAPTERS = List.of(
            "dev.wagateway.persistence..", "dev.wagateway.webhooks..", "dev.wagateway.http..", "dev.wagateway.sandbox..");
    static final String[] FRAMEWORKS = {
            "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "okhttp3..", "com.fasterxml.jackson..",
            "com.zaxxer.hikari..", "org.flywaydb..", "org.postgresql..", "com.auth0..", "jakarta.servlet.."};

    private ModuleRules() {
    }

    /** wa-protocol sees no other module of ours and no adapter framework. */
    static ArchRule protocolIsSelfContained() {
        return noClasses().that().resideInAPackage(PROTOCOL)
                .should().dependOnClassesThat().resideInAnyPackage(concat(
                        new String[]{"dev.wagateway.core..", "dev.wagateway.persistence..", "dev.wagateway.webhooks..",
                                "dev.wagateway.http..", "dev.wagateway.sandbox..", "dev.wagateway.app.."},
                        FRAMEWORKS))
                .as("wa-protocol depends on no other module and on no adapter framework");
    }

    /** wa-core sees only wa-protocol, the JDK and slf4j. */
    static ArchRule coreSeesOnlyProtocolJdkAndSlf4j() {
        return classes().that().resideInAPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        CORE, PROTOCOL, "java..", "javax.crypto..", "org.slf4j..")
                .as("wa-core depends only on wa-protocol, the JDK and slf4j");
    }

    /** No adapter module reaches into another adapter module (or into the app that wires them). */
    static List<ArchRule> adaptersAreIndependent() {
        return ADAPTERS.stream().map(adapter -> (ArchRule) noClasses().that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(concat(
                        ADAPTERS.stream().filter(other -> !other.equals(adapter)).toArray(String[]::new),
                        new String[]{"dev.wagateway.app.."}))
                .as(adapter + " depends on no other adapter module")).toList();
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
